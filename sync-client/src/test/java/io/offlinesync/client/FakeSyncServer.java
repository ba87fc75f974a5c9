package io.offlinesync.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.ListLedger;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.ListSequence;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.RejectReason;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync protocol served in memory for fast SDK and CLI tests: the sequencer's rules (domain
 * {@link ListSequence}), catch-up with long-poll, and the state endpoint (with the query-api's
 * {@code registers} extension), on one port for both the gateway and the query side. It can answer pushes with 503 or drop the answer after storing the events, as a
 * flaky network does. The e2e tests run the SDK against the real services.
 *
 * <p>Once it {@link #trust trusts} a {@link FakeIssuer} it is a resource server with protocol v1.1's membership: every
 * request needs a valid access token (401 with {@code WWW-Authenticate} otherwise), {@code ListCreated} makes its user
 * the owner, owners and editors write (a push by anyone else is 403 while the gateway "knows", else its events are
 * {@code Rejected forbidden}), only members read, {@code GET /v1/lists} lists the caller's lists, the state carries
 * {@code members}.
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
    private volatile FakeIssuer issuer;
    private volatile boolean gatewayKnowsMembership = true;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> members = new HashMap<>();
    private final AtomicInteger rejectNext = new AtomicInteger();
    private volatile RejectReason rejectNextAs;
    private final Map<String, String> users = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeSyncServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/v1/lists/", this::handle);
        server.createContext("/v1/lists", this::handleMyLists);
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

    /** From now on every request needs an access token {@code issuer} issued, and membership applies (see above). */
    public void trust(FakeIssuer issuer) {
        this.issuer = issuer;
    }

    /** Pushes by users who may not write are no longer refused with 403, so the log rejects them as forbidden. */
    public void gatewayMissesMembership() {
        gatewayKnowsMembership = false;
    }

    /** Adds {@code user} to the list's members with {@code role}, as a {@code MemberAdded} would. */
    public synchronized void addMember(String listId, String user, String role) {
        members.computeIfAbsent(listId, k -> new LinkedHashMap<>()).put(user, role);
    }

    /** The next {@code n} events that would be accepted are appended as {@code Rejected} with {@code reason}. */
    public void rejectNextAs(int n, RejectReason reason) {
        rejectNextAs = reason;
        rejectNext.set(n);
    }

    /** The {@code Authorization} header of every request so far, in order ("none" when absent). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
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
        if (users.containsKey(clientId)) {
            appendAs(listId, clientId, users.get(clientId), events);
        } else {
            append(listId, clientId, null, events);
        }
    }

    /**
     * {@link #append(String, String, List)} by {@code user} (null: no user, membership not applied), membership
     * decided by this fake's own members ({@link #addMember}).
     */
    public synchronized void append(String listId, String clientId, String user, List<ClientEvent> events) {
        for (ClientEvent event : events) {
            LogEntry entry = admit(listId, clientId, null, event);
            if (entry instanceof LogEntry.Accepted accepted) {
                entry = decide(listId, user, accepted);
            }
            if (entry != null) {
                logs.computeIfAbsent(listId, k -> new ArrayList<>()).add(entry);
            }
        }
        notifyAll();
    }

    /**
     * Appends {@code events} from {@code clientId} as if {@code userId} had pushed them (null: no user), membership
     * decided by the real sequencer rules ({@link ListSequence}).
     */
    public synchronized void appendAs(String listId, String clientId, String userId, List<ClientEvent> events) {
        for (ClientEvent event : events) {
            LogEntry entry = admit(listId, clientId, userId, event);
            if (entry != null) {
                logs.computeIfAbsent(listId, k -> new ArrayList<>()).add(entry);
            }
        }
        notifyAll();
    }

    /** Membership as the sequencer applies it, and the rejections a test asked for. */
    private LogEntry decide(String listId, String user, LogEntry.Accepted entry) {
        RejectReason reason = rejectNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? rejectNextAs : null;
        if (reason == null && user != null) {
            if (entry.event().body() instanceof io.offlinesync.domain.EventBody.ListCreated) {
                members.computeIfAbsent(listId, k -> new LinkedHashMap<>()).put(user, "owner");
            } else if (!mayWrite(listId, user)) {
                reason = RejectReason.FORBIDDEN;
            }
        }
        return reason == null ? entry : new LogEntry.Rejected(entry.listVersion(), entry.clientId(), entry.serverMs(),
                entry.eventId(), entry.clientSeq(), reason, null);
    }

    private synchronized boolean mayWrite(String listId, String user) {
        String role = members.getOrDefault(listId, Map.of()).get(user);
        return "owner".equals(role) || "editor".equals(role);
    }

    /** Only members read a list; for anyone else it does not exist (a list without an owner yet is open). */
    private synchronized boolean mayRead(String listId, String user) {
        Map<String, String> of = members.get(listId);
        return user == null || of == null || of.isEmpty() || of.containsKey(user);
    }

    /**
     * The caller's user: empty after answering 401 when this server trusts an issuer and the request has no valid
     * token; null (no user) when it trusts none.
     */
    private Optional<String> authenticate(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(header == null ? "none" : header);
        FakeIssuer trusted = issuer;
        if (trusted == null) {
            return Optional.of("");
        }
        Optional<String> user = header != null && header.startsWith("Bearer ")
                ? trusted.userOf(header.substring("Bearer ".length())) : Optional.empty();
        if (user.isEmpty()) {
            exchange.getResponseHeaders().add("WWW-Authenticate", header == null ? "Bearer"
                    : "Bearer error=\"invalid_token\", error_description=\"Jwt expired or unknown\"");
            send(exchange, 401, "{\"type\":\"urn:offlinesync:problem:unauthorized\",\"status\":401}");
        }
        return user;
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
            Optional<String> authenticated = authenticate(exchange);
            if (authenticated.isEmpty()) {
                return;
            }
            String user = issuer == null ? null : authenticated.get();
            if (exchange.getRequestMethod().equals("POST")) {
                push(exchange, listId, user);
            } else if (!mayRead(listId, user)) {
                send(exchange, 404, "{\"status\":404}");
            } else if (path.length == 5) {
                catchUp(exchange, listId, query(exchange));
            } else {
                state(exchange, listId, "true".equals(query(exchange).get("registers")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code GET /v1/lists?after=&limit=}: the caller's lists in listId order, with role, title and listVersion. */
    private void handleMyLists(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> user = authenticate(exchange);
            if (user.isEmpty()) {
                return;
            }
            Map<String, String> query = query(exchange);
            String after = query.getOrDefault("after", "");
            int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
            TreeMap<String, String> roles = new TreeMap<>();
            synchronized (this) {
                members.forEach((listId, of) -> {
                    if (of.containsKey(user.get()) && listId.compareTo(after) > 0) {
                        roles.put(listId, of.get(user.get()));
                    }
                });
            }
            List<Map<String, Object>> lists = new ArrayList<>();
            for (Map.Entry<String, String> e : roles.entrySet()) {
                if (lists.size() == limit) {
                    break;
                }
                TodoList list = TodoList.fold(e.getKey(), log(e.getKey()));
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("listId", e.getKey());
                one.put("title", list.created() ? list.title() : null);
                one.put("role", e.getValue());
                one.put("listVersion", list.listVersion());
                lists.add(one);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("lists", lists);
            if (roles.size() > limit) {
                body.put("next", lists.getLast().get("listId"));
            }
            send(exchange, 200, JSON.writeValueAsString(body));
        }
    }

    private void push(HttpExchange exchange, String listId, String user) throws IOException {
        pushRequests.incrementAndGet();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        boolean forbidden;
        synchronized (this) {
            forbidden = user != null && gatewayKnowsMembership && logs.containsKey(listId) && !mayWrite(listId, user);
        }
        if (forbidden) {
            send(exchange, 403, "{\"type\":\"urn:offlinesync:problem:forbidden\",\"title\":\"Forbidden\","
                    + "\"status\":403,\"detail\":\"" + user + " may not write list " + listId + "\"}");
            return;
        }
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
        String clientId = body.get("clientId").asString();
        if (users.containsKey(clientId)) {
            appendAs(listId, clientId, users.get(clientId), events); // stamped as the gateway would, sequencer rules
        } else {
            append(listId, clientId, user, events);
        }
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
        Map<String, Object> state = stateOf(list);
        synchronized (this) {
            state.put("members", new LinkedHashMap<>(members.getOrDefault(listId, Map.of())));
        }
        send(exchange, 200, withRegisters && registers ? ListSnapshotJson.write(list, "v1", null)
                : JSON.writeValueAsString(state));
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
