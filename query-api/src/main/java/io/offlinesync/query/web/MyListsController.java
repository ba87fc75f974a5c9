package io.offlinesync.query.web;

import io.offlinesync.access.Callers;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.cluster.ListReads;
import io.offlinesync.query.cluster.ReadUnavailable;
import io.offlinesync.query.state.ActiveProjectionQuery;
import io.offlinesync.query.state.ListStateQuery;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/lists?after=LISTID&limit=N}: the caller's lists, in listId order, with the caller's role (from
 * the membership view) and each list's title and listVersion (from the active projection's state, read where
 * the list lives; null and 0 while a list has no state yet). {@code next} is the cursor of the following page,
 * absent on the last one.
 */
@RestController
class MyListsController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MembershipView members;
    private final Callers callers;
    private final ListReads reads;
    private final ListStateQuery states;
    private final ActiveProjectionQuery active;

    MyListsController(MembershipView members, Callers callers, ListReads reads, ListStateQuery states,
                      ActiveProjectionQuery active) {
        this.members = members;
        this.callers = callers;
        this.reads = reads;
        this.states = states;
        this.active = active;
    }

    record Summary(String title, long listVersion) {}

    @GetMapping(path = "/v1/lists", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> mine(HttpServletRequest request) throws InterruptedException {
        String after = QueryParams.raw(request, "after");
        if (after != null) {
            QueryParams.id("after", after);
        }
        int limit = (int) QueryParams.longParam("limit", QueryParams.raw(request, "limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        String userId = callers.userId(request.getUserPrincipal());
        List<MembershipView.Membership> page = members.listsOf(userId, after, limit + 1);
        boolean more = page.size() > limit;
        if (more) {
            page = page.subList(0, limit);
        }
        String projection = active.read().active();
        boolean served = states.projections().contains(projection);
        List<Map<String, Object>> lists = new ArrayList<>(page.size());
        for (MembershipView.Membership membership : page) {
            Summary summary = served ? summary(request, membership.listId(), projection) : new Summary(null, 0);
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("listId", membership.listId());
            list.put("title", summary.title());
            list.put("role", membership.role());
            list.put("listVersion", summary.listVersion());
            lists.add(list);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lists", lists);
        if (more) {
            body.put("next", page.getLast().listId());
        }
        return body;
    }

    /** The list's title and version, here or from the instance that holds it (a state read, the caller's token). */
    private Summary summary(HttpServletRequest request, String listId, String projection) throws InterruptedException {
        ResponseEntity<?> answer;
        try {
            answer = reads.serve(request, "/v1/lists/" + listId + "?projection=" + projection, listId,
                    List.of(QueryTopology.listsStore(projection)), 0, target -> ResponseEntity.ok(
                            states.at(target).read(listId, projection).map(s -> new Summary(s.facts().title(), s.facts().listVersion()))
                                    .orElse(new Summary(null, 0))));
        } catch (ReadUnavailable e) {
            return new Summary(null, 0);
        }
        if (answer.getBody() instanceof Summary summary) {
            return summary;
        }
        if (answer.getStatusCode().value() == 200 && answer.getBody() instanceof byte[] relayed) {
            JsonNode state = JSON.readTree(relayed);
            return new Summary(state.path("title").asString(null), state.path("listVersion").asLong(0));
        }
        return new Summary(null, 0);
    }
}
