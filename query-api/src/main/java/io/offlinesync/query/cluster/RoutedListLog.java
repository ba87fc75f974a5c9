package io.offlinesync.query.cluster;

import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.stream.ListLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stream's reads of its lists, routed as every other read ({@link ListReads}): this instance's copy, or a
 * catch-up read forwarded to the instance that owns the list (its JSON page taken apart again here).
 */
public final class RoutedListLog implements ListLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ListReads reads;
    private final CatchUpQuery catchUp;
    private final HttpServletRequest request;
    private final java.util.Set<String> standby = new java.util.HashSet<>(); // only the stream's own thread reads

    /** @param request the stream's request: its caller and credentials go with the forwarded reads */
    public RoutedListLog(ListReads reads, CatchUpQuery catchUp, HttpServletRequest request) {
        this.reads = reads;
        this.catchUp = catchUp;
        this.request = new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) { // the forwarded read is a catch-up read, which answers JSON
                return "Accept".equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON_VALUE : super.getHeader(name);
            }
        };
    }

    @Override
    public Optional<CatchUpQuery.Page> pageAfter(String listId, long after, int limit) throws InterruptedException {
        AtomicReference<CatchUpQuery.Page> local = new AtomicReference<>();
        ResponseEntity<?> answer;
        try {
            answer = reads.serve(request, "/v1/lists/" + listId + "/events?after=" + after + "&limit=" + limit,
                    listId, QueryTopology.LOG_STORES, 0, target -> {
                        Optional<CatchUpQuery.Page> page = catchUp.at(target).read(listId, after, limit, 0);
                        if (page.isEmpty()) {
                            throw NotFound.noLog(listId);
                        }
                        local.set(page.get());
                        return ResponseEntity.ok().build();
                    });
        } catch (NotFound e) {
            return Optional.empty();
        } catch (ReadUnavailable | InvalidStateStoreException e) {
            throw new Unavailable(e.getMessage());
        }
        if (ScaleOutHeaders.STANDBY.equals(answer.getHeaders().getFirst(ScaleOutHeaders.SERVED_BY))) {
            standby.add(listId);
        } else {
            standby.remove(listId);
        }
        if (local.get() != null) {
            return Optional.of(local.get());
        }
        int status = answer.getStatusCode().value();
        if (status == 404) {
            return Optional.empty();
        }
        if (status != 200 || !(answer.getBody() instanceof byte[] body)) {
            throw new Unavailable("list " + listId + ": its owner answered " + status);
        }
        return Optional.of(page(body));
    }

    @Override
    public boolean readFromStandby(String listId) {
        return standby.contains(listId);
    }

    /** A catch-up page as another instance rendered it (CatchUpJson). */
    private static CatchUpQuery.Page page(byte[] body) {
        JsonNode root = JSON.readTree(body);
        Map<String, Long> clientSeqs = new LinkedHashMap<>();
        root.path("clientSeqs").properties().forEach(e -> clientSeqs.put(e.getKey(), e.getValue().asLong()));
        List<byte[]> events = new ArrayList<>();
        for (JsonNode event : root.path("events")) {
            events.add(JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8));
        }
        return new CatchUpQuery.Page(root.path("listId").asString(), root.path("head").asLong(),
                root.path("next").asLong(), root.path("upToDate").asBoolean(), clientSeqs, events);
    }
}
