package io.offlinesync.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.ListLedger;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.ListSequence;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.TodoList;
import io.offlinesync.protocol.ClientEventJson;
import io.offlinesync.protocol.ListSnapshotJson;
import io.offlinesync.protocol.LogEntryJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync protocol served in memory for fast SDK and CLI tests: the sequencer's rules (domain
 * {@link ListSequence}), catch-up with long-poll, and the state endpoint (with the query-api's
 * {@code registers} extension), on one port for both the gateway and the query side. It can answer pushes with 503 or drop the answer after storing the events, as a
 * flaky network does. The e2e tests run the SDK against the real services.
 */
public final class FakeSyncServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, ListSequence> sequences = new HashMap<>();
    private final Map<String, List<LogEntry>> logs = new HashMap<>();
    private final AtomicInteger unavailableAnswers = new AtomicInteger();
    private volatile int unavailableStatus = 503;
    private final AtomicInteger lostAnswers = new AtomicInteger();
    private final AtomicInteger pushRequests = new AtomicInteger();
    private volatile int snapshotLag;
    private volatile boolean registers = true;
    private volatile int itemLimit = Integer.MAX_VALUE;
    private volatile String refusedTitle;
    private volatile int maxBodyBytes = Integer.MAX_VALUE;
    private volatile int refuseAllWith;
    private final Map<String, String> users = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeSyncServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/v1/lists/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} pushes are answered 503 with Retry-After: 0 and write nothing. */
    public void answerUnavailable(int n) {
        unavailableStatus = 503;
        unavailableAnswers.set(n);
    }

    /** The next {@code n} pushes are answered 429 (over the rate limit) with Retry-After: 0 and write nothing. */
    public void answerRateLimited(int n) {
        unavailableStatus = 429;
        unavailableAnswers.set(n);
    }

    /** The next {@code n} pushes are stored, then the connection is closed without an answer. */
    public void loseAnswers(int n) {
        lostAnswers.set(n);
    }

    /** The state endpoint folds all but the last {@code entries} of the log, as a projection that lags. */
    public void lagSnapshotBy(int entries) {
        snapshotLag = entries;
    }

    /** Serves the state without the {@code registers} extension, as an older query-api does. */
    public void withoutRegisters() {
        registers = false;
    }

    /** Lists created from now on take at most {@code max} items ({@code list-limit} {@code items} beyond). */
    public void limitItems(int max) {
        itemLimit = max;
    }

    /** A push holding an event with this title is refused 400 naming the event's index and {@code title}. */
    public void refuseTitle(String title) {
        refusedTitle = title;
    }

    /** A push body larger than {@code bytes} is answered 413 (a problem naming no event), nothing written. */
    public void refuseBodiesOver(int bytes) {
        maxBodyBytes = bytes;
    }

    /** Every push is answered with {@code status} (say 403), nothing written; 0 stops it. */
    public void refuseAllPushesWith(int status) {
        refuseAllWith = status;
    }

    /**
     * Pushes from {@code clientId} are stamped with {@code userId} from now on, as the gateway stamps the signed-in
     * user of a device's token; pushes of other clients carry no user.
     */
    public void signIn(String clientId, String userId) {
        users.put(clientId, userId);
    }

    public int pushRequests() {
        return pushRequests.get();
    }

    public synchronized List<LogEntry> log(String listId) {
        return List.copyOf(logs.getOrDefault(listId, List.of()));
    }

    /** Appends {@code events} from {@code clientId} as if pushed (for tests that need a list made elsewhere). */
    public synchronized void append(String listId, String clientId, List<ClientEvent> events) {
        appendAs(listId, clientId, users.get(clientId), events);
    }

    /** Appends {@code events} from {@code clientId} as if {@code userId} had pushed them (null: no user). */
    public synchronized void appendAs(String listId, String clientId, String userId, List<ClientEvent> events) {
        for (ClientEvent event : events) {
            LogEntry entry = admit(listId, clientId, userId, event);
            if (entry != null) {
                logs.computeIfAbsent(listId, k -> new ArrayList<>()).add(entry);
            }
        }
        notifyAll();
    }

    /** The sequencer's rule ({@link ListSequence}, seq-reused and list bounds included), with the items bound set. */
    private LogEntry admit(String listId, String clientId, String userId, ClientEvent event) {
        ListSequence sequence = sequences.computeIfAbsent(listId, k -> new ListSequence(ListLedger.inMemory(),
                new ListLimits(ListLimits.DEFAULTS.clients(), itemLimit, ListLimits.DEFAULTS.stateBytes())));
        return sequence.admit(clientId, userId, System.currentTimeMillis(), event);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/"); // "", v1, lists, id, [events]
            String listId = path[3];
            if (exchange.getRequestMethod().equals("POST")) {
                push(exchange, listId);
            } else if (path.length == 5) {
                catchUp(exchange, listId, query(exchange));
            } else {
                state(exchange, listId, "true".equals(query(exchange).get("registers")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void push(HttpExchange exchange, String listId) throws IOException {
        pushRequests.incrementAndGet();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (refuseAllWith != 0) {
            send(exchange, refuseAllWith, "{\"status\":" + refuseAllWith + ",\"detail\":\"refused by this test\"}");
            return;
        }
        if (raw.length > maxBodyBytes) {
            send(exchange, 413, "{\"status\":413,\"detail\":\"the body has " + raw.length + " bytes, at most "
                    + maxBodyBytes + " are accepted\"}");
            return;
        }
        JsonNode body = JSON.readTree(raw);
        if (unavailableAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", "0");
            send(exchange, unavailableStatus, "{\"status\":" + unavailableStatus + "}");
            return;
        }
        List<ClientEvent> events = new ArrayList<>();
        body.get("events").forEach(e -> events.add(ClientEventJson.read(e.toString())));
        String refused = refusedTitle;
        for (int i = 0; refused != null && i < events.size(); i++) {
            JsonNode title = body.get("events").get(i).get("title");
            if (title != null && refused.equals(title.asString())) {
                send(exchange, 400, "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"1 invalid field\",\"errors\":[{\"index\":" + i
                        + ",\"field\":\"title\",\"message\":\"is refused by this test\"}]}");
                return; // nothing written
            }
        }
        append(listId, body.get("clientId").asString(), events);
        if (lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return; // closed without an answer: the device cannot know the events were stored
        }
        send(exchange, 202, "{\"listId\":\"" + listId + "\",\"accepted\":" + events.size() + ",\"receipts\":[]}");
    }

    private void catchUp(HttpExchange exchange, String listId, Map<String, String> query)
            throws IOException, InterruptedException {
        long after = Long.parseLong(query.getOrDefault("after", "0"));
        int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
        long waitMs = Long.parseLong(query.getOrDefault("waitMs", "0"));
        StringBuilder page = new StringBuilder();
        synchronized (this) {
            long deadline = System.currentTimeMillis() + waitMs;
            while (logs.containsKey(listId) && logs.get(listId).size() <= after && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
            List<LogEntry> log = logs.get(listId);
            if (log == null) {
                send(exchange, 404, "{\"status\":404}");
                return;
            }
            List<LogEntry> slice = log.subList((int) Math.min(after, log.size()), (int) Math.min(after + limit, log.size()));
            long next = slice.isEmpty() ? after : slice.getLast().listVersion();
            page.append("{\"listId\":\"").append(listId).append("\",\"head\":").append(log.size())
                    .append(",\"next\":").append(next).append(",\"upToDate\":").append(next >= log.size())
                    .append(",\"clientSeqs\":").append(JSON.writeValueAsString(sequences.get(listId).clientSeqs()))
                    .append(",\"events\":[");
            for (int i = 0; i < slice.size(); i++) {
                page.append(i > 0 ? "," : "").append(LogEntryJson.write(slice.get(i)));
            }
            page.append("]}");
        }
        send(exchange, 200, page.toString());
    }

    private void state(HttpExchange exchange, String listId, boolean withRegisters) throws IOException {
        List<LogEntry> log = log(listId);
        TodoList list = TodoList.fold(listId, log.subList(0, Math.max(0, log.size() - snapshotLag)));
        if (!list.created()) {
            send(exchange, 404, "{\"status\":404}");
            return;
        }
        // with registers: the query-api's own codec, so the SDK is tested against what the server sends
        send(exchange, 200, withRegisters && registers ? ListSnapshotJson.write(list, "v1", null)
                : JSON.writeValueAsString(stateOf(list)));
    }

    /** The state endpoint's JSON (PROTOCOL.md, State) of a fold. */
    public static Map<String, Object> stateOf(TodoList list) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("listId", list.listId());
        state.put("title", list.title());
        state.put("policy", list.policy().wireName());
        state.put("listVersion", list.listVersion());
        state.put("clientSeqs", list.clientSeqs());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Item item : list.visibleItems()) {
            items.add(Map.of("itemId", item.itemId(), "title", item.title().value(),
                    "completed", !item.completed().isEmpty() && item.completed().value(), "conflicts", item.conflicts()));
        }
        state.put("items", items);
        return state;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
