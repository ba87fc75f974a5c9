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
import io.offlinesync.domain.projection.ListFacts;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.domain.projection.TodoListProjection;
import io.offlinesync.protocol.ClientEventJson;
import io.offlinesync.protocol.ListSnapshotJson;
import io.offlinesync.protocol.LogEntryJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Protocol v1.1's live stream ({@code GET /v1/stream}: a heartbeat at once, each list's entries after its cursor in
 * order, then live ones, heartbeats, {@code removed} for a list the caller may not read, {@code closed} before an
 * ending on purpose) and read-your-writes fence (the 202's {@code fence}; {@code waitFor} on catch-up, answered with
 * {@code fenceReached}), with knobs for what a test needs: a stream dropped or closed, a stream that is not one (404,
 * JSON, no answer, no bytes), an entry left out of it, a sequencer that lags behind the gateway, a server without fence.
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
    private final ScheduledExecutorService sequencer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("fake-sequencer").unstarted(r));
    private volatile long sequencerDelayMs;
    private volatile boolean gatewayFence = true;
    private volatile boolean queryFence = true;
    private volatile StreamAnswer streamAnswer = StreamAnswer.LIVE;
    private volatile Duration heartbeatEvery = Duration.ofSeconds(15);
    private final List<String> streamRequests = new CopyOnWriteArrayList<>();
    private final List<String> catchUpQueries = new CopyOnWriteArrayList<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private long streamGeneration; // guarded by this: a new one ends every open stream
    private String closeReason; // guarded by this: sent as "closed" when the generation moves; null: just EOF
    private final Map<String, Integer> entriesToSkip = new HashMap<>(); // guarded by this
    private int replayOnResume; // guarded by this
    private volatile List<Projection<?>> projections = List.of(TodoListProjection.V1, TodoListProjection.V2);
    private volatile String activeProjection = "v2";
    private volatile String previousProjection = "v1";

    /** How the fake answers {@code GET /v1/stream}. */
    public enum StreamAnswer {
        /** The stream as protocol v1.1 has it. */
        LIVE,
        /** 404 problem+json, as a query-api before the stream. */
        NOT_FOUND,
        /** 200 with a JSON body, as something in between that does not pass the stream on. */
        JSON,
        /** No answer at all until the connection goes away, as a proxy that buffers the whole response. */
        NO_ANSWER,
        /** The headers of a stream, then not a byte, as a proxy that buffers the body. */
        NO_BYTES
    }

    public FakeSyncServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/v1/lists/", this::handle);
        server.createContext("/v1/lists", this::handleMyLists);
        server.createContext("/v1/stream", this::handleStream);
        server.createContext("/v1/projections", this::handleProjections);
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

    /** Removes {@code user} from the list's members, as a {@code MemberRemoved} would: it may no longer read it. */
    public synchronized void removeMember(String listId, String user) {
        members.getOrDefault(listId, new LinkedHashMap<>()).remove(user);
        notifyAll(); // the streams look again at who may read what
    }

    /**
     * The gateway answers 202 at once and the pushed events reach the log {@code delay} later, in push order, as a
     * sequencer that lags behind the inbox; zero (the default): at once.
     */
    public void sequenceAfter(Duration delay) {
        sequencerDelayMs = delay.toMillis();
    }

    /** Neither the 202's {@code fence} nor {@code waitFor}: a server before protocol v1.1's fence. */
    public void withoutFence() {
        gatewayFence = false;
        queryFence = false;
    }

    /** The gateway sends fences but the query-api ignores {@code waitFor} and sends no {@code fenceReached}. */
    public void queryWithoutFence() {
        queryFence = false;
    }

    /** Every catch-up request's query string so far, in order. */
    public List<String> catchUpQueries() {
        return List.copyOf(catchUpQueries);
    }

    /** From now on {@code GET /v1/stream} is answered this way. */
    public void answerStreams(StreamAnswer answer) {
        streamAnswer = answer;
    }

    /** Heartbeats every {@code every} while nothing else is sent (default 15 s, the protocol's bound). */
    public void heartbeatEvery(Duration every) {
        heartbeatEvery = every;
    }

    /** The {@code lists} parameter of every stream request so far, in order. */
    public List<String> streamRequests() {
        return List.copyOf(streamRequests);
    }

    /** Streams open now. */
    public int openStreams() {
        return openStreams.get();
    }

    /** Ends every open stream without a word (EOF), as an instance that is killed. */
    public synchronized void dropStreams() {
        closeReason = null;
        streamGeneration++;
        notifyAll();
    }

    /** Sends {@code closed} with {@code reason} on every open stream and ends it, as an instance shutting down. */
    public synchronized void closeStreams(String reason) {
        closeReason = reason;
        streamGeneration++;
        notifyAll();
    }

    /** The stream leaves out the next entry of the list it would send (a gap, as a faulty server would make). */
    public synchronized void skipNextStreamedEntry(String listId) {
        entriesToSkip.merge(listId, 1, Integer::sum);
    }

    /** Streams opened from now on start {@code n} entries before each cursor (a careless server: duplicates). */
    public synchronized void replayOnResume(int n) {
        replayOnResume = n;
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

    /**
     * The projections it serves from now on ({@code GET /v1/projections}, {@code ?projection=} on the state, each
     * folded from the log with the projection's own code), {@code active} and {@code previous} by name (null: none).
     * By default v1 and v2, v2 active.
     */
    public void serveProjections(String active, String previous, List<Projection<?>> served) {
        activeProjection = active;
        previousProjection = previous;
        projections = List.copyOf(served);
    }

    /** Every request it has answered or refused so far, whatever the path (a device that asked nothing made none). */
    public int requests() {
        return authorizations.size();
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
            } else if (query(exchange).containsKey("projection")) {
                stateUnder(exchange, listId, query(exchange).get("projection"));
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
        Runnable sequence = () -> {
            if (users.containsKey(clientId)) {
                appendAs(listId, clientId, users.get(clientId), events); // stamped as the gateway would, sequencer rules
            } else {
                append(listId, clientId, user, events);
            }
        };
        if (sequencerDelayMs > 0) {
            sequencer.schedule(sequence, sequencerDelayMs, TimeUnit.MILLISECONDS); // in push order
        } else {
            sequence.run();
        }
        if (lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return; // closed without an answer: the device cannot know the events were stored
        }
        String fence = gatewayFence ? ",\"fence\":\"" + clientId + ":" + events.getLast().clientSeq() + "\"" : "";
        send(exchange, 202, "{\"listId\":\"" + listId + "\",\"accepted\":" + events.size() + ",\"receipts\":[]" + fence + "}");
    }

    private void catchUp(HttpExchange exchange, String listId, Map<String, String> query)
            throws IOException, InterruptedException {
        catchUpQueries.add(exchange.getRequestURI().getRawQuery());
        long after = Long.parseLong(query.getOrDefault("after", "0"));
        int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
        long waitMs = Long.parseLong(query.getOrDefault("waitMs", "0"));
        String[] waitFor = queryFence && query.containsKey("waitFor")
                ? java.net.URLDecoder.decode(query.get("waitFor"), StandardCharsets.UTF_8).split(":") : null;
        StringBuilder page = new StringBuilder();
        synchronized (this) {
            long deadline = System.currentTimeMillis() + waitMs;
            if (waitFor != null) {
                // the fence: until the list's clientSeqs show the client's clientSeq (this fake also waits for the
                // log of a list whose ListCreated is still on its way)
                while (!fenceReached(listId, waitFor) && System.currentTimeMillis() < deadline) {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                }
            }
            while (waitFor == null && logs.containsKey(listId) && logs.get(listId).size() <= after
                    && System.currentTimeMillis() < deadline) {
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
                    .append(",\"clientSeqs\":").append(JSON.writeValueAsString(sequences.get(listId).clientSeqs()));
            if (waitFor != null) {
                page.append(",\"fenceReached\":").append(fenceReached(listId, waitFor));
            }
            page.append(",\"events\":[");
            for (int i = 0; i < slice.size(); i++) {
                page.append(i > 0 ? "," : "").append(LogEntryJson.write(slice.get(i)));
            }
            page.append("]}");
        }
        send(exchange, 200, page.toString());
    }

    private synchronized boolean fenceReached(String listId, String[] fence) {
        ListSequence sequence = sequences.get(listId);
        return logs.containsKey(listId) && sequence != null
                && sequence.clientSeqs().getOrDefault(fence[0], 0L) >= Long.parseLong(fence[1]);
    }

    // ---- the live stream ------------------------------------------------------------------------------------

    private void handleStream(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> authenticated = authenticate(exchange);
            if (authenticated.isEmpty()) {
                return;
            }
            String user = issuer == null ? null : authenticated.get();
            String lists = query(exchange).getOrDefault("lists", "");
            streamRequests.add(lists);
            Map<String, Long> cursors = new LinkedHashMap<>();
            for (String one : lists.split(",")) {
                int colon = one.lastIndexOf(':');
                if (colon <= 0 || !one.substring(colon + 1).matches("[0-9]{1,18}")) {
                    send(exchange, 400, "{\"status\":400,\"errors\":[{\"index\":null,\"field\":\"lists\","
                            + "\"message\":\"each list is LIST:AFTER\"}]}");
                    return;
                }
                cursors.put(one.substring(0, colon), Long.parseLong(one.substring(colon + 1)));
            }
            switch (streamAnswer) {
                case NOT_FOUND -> send(exchange, 404, "{\"status\":404,\"detail\":\"no such endpoint\"}");
                case JSON -> send(exchange, 200, "{}");
                case NO_ANSWER -> holdUntilDropped();
                case NO_BYTES -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().flush(); // the headers go out, no byte of the body
                    holdUntilDropped();
                }
                case LIVE -> stream(exchange, user, cursors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Says nothing until the test drops the streams or the server stops. */
    private synchronized void holdUntilDropped() throws InterruptedException {
        long generation = streamGeneration;
        while (streamGeneration == generation) {
            wait();
        }
    }

    private void stream(HttpExchange exchange, String user, Map<String, Long> cursors)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        openStreams.incrementAndGet();
        try {
            write(out, "event: heartbeat\ndata: {}\n\n");
            long generation;
            synchronized (this) {
                generation = streamGeneration;
                for (Map.Entry<String, Long> e : cursors.entrySet()) {
                    e.setValue(Math.max(0, e.getValue() - replayOnResume));
                }
            }
            while (true) {
                StringBuilder events = new StringBuilder();
                String closed = null;
                boolean ended = false;
                synchronized (this) {
                    long heartbeatAt = System.currentTimeMillis() + heartbeatEvery.toMillis();
                    while (streamGeneration == generation && !hasNews(user, cursors)
                            && System.currentTimeMillis() < heartbeatAt) {
                        wait(Math.max(1, heartbeatAt - System.currentTimeMillis()));
                    }
                    if (streamGeneration != generation) {
                        ended = true;
                        closed = closeReason;
                    } else {
                        news(user, cursors, events);
                    }
                }
                if (ended) {
                    if (closed != null) {
                        write(out, "event: closed\ndata: {\"reason\":\"" + closed + "\"}\n\n");
                    }
                    return;
                }
                write(out, events.isEmpty() ? "event: heartbeat\ndata: {}\n\n" : events.toString());
            }
        } catch (IOException gone) {
            // the device went away (a reconnect, a closed watch)
        } finally {
            openStreams.decrementAndGet();
        }
    }

    /** Whether a list of the stream has entries after its cursor, or is no longer readable. */
    private boolean hasNews(String user, Map<String, Long> cursors) {
        for (Map.Entry<String, Long> e : cursors.entrySet()) {
            List<LogEntry> log = logs.get(e.getKey());
            if (log == null || !mayRead(e.getKey(), user) || log.size() > e.getValue()) {
                return true;
            }
        }
        return false;
    }

    /** The entries after each cursor ({@code entry}), and {@code removed} for a list the caller may not read. */
    private void news(String user, Map<String, Long> cursors, StringBuilder events) {
        for (var it = cursors.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            String listId = e.getKey();
            List<LogEntry> log = logs.get(listId);
            if (log == null || !mayRead(listId, user)) {
                events.append("event: removed\ndata: {\"listId\":\"").append(listId).append("\"}\n\n");
                it.remove();
                continue;
            }
            for (LogEntry entry : log.subList((int) Math.min(e.getValue(), log.size()), log.size())) {
                e.setValue(entry.listVersion());
                if (entriesToSkip.getOrDefault(listId, 0) > 0) {
                    entriesToSkip.merge(listId, -1, Integer::sum);
                    continue;
                }
                String json = LogEntryJson.write(entry);
                events.append("event: entry\nid: ").append(listId).append(':').append(entry.listVersion())
                        .append("\ndata: {\"listId\":\"").append(listId).append("\",").append(json.substring(1))
                        .append("\n\n");
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
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

    /** {@code GET /v1/projections}: the projections served, as the query-api writes them. */
    private void handleProjections(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (authenticate(exchange).isEmpty()) {
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("active", activeProjection);
            if (previousProjection != null) {
                body.put("previous", previousProjection);
            }
            body.put("projections", projections.stream().map(p -> Map.of("name", p.name(), "id", p.id(),
                    "version", p.version())).toList());
            send(exchange, 200, JSON.writeValueAsString(body));
        }
    }

    /** {@code GET /v1/lists/{id}?projection=vN}: the log folded with that projection, its view after the platform's fields. */
    private void stateUnder(HttpExchange exchange, String listId, String name) throws IOException {
        Projection<?> projection = projections.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        if (projection == null) {
            String message = "projection must be one of " + String.join(", ", projections.stream()
                    .map(Projection::name).toList()) + ", was '" + name + "'";
            send(exchange, 400, JSON.writeValueAsString(Map.of("type", "urn:offlinesync:problem:invalid-request",
                    "title", "Invalid request", "status", 400, "detail", message,
                    "errors", List.of(Map.of("field", "projection", "message", message)))));
            return;
        }
        Map<String, Object> state = fold(listId, projection);
        if (state == null) {
            send(exchange, 404, "{\"status\":404}");
            return;
        }
        send(exchange, 200, JSON.writeValueAsString(state));
    }

    private <S> Map<String, Object> fold(String listId, Projection<S> projection) {
        S state = projection.initial(listId);
        for (LogEntry entry : log(listId)) {
            state = projection.apply(state, entry);
        }
        ListFacts facts = projection.facts(state);
        if (!facts.created()) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("listId", listId);
        body.put("projection", projection.name());
        body.put("listVersion", facts.listVersion());
        body.put("clientSeqs", new TreeMap<>(facts.clientSeqs()));
        body.put("source", Map.of("topic", "todo.events", "partition", 0, "offset", facts.listVersion() - 1));
        body.putAll(projection.view(state));
        return body;
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
        sequencer.shutdownNow();
        synchronized (this) {
            streamGeneration++; // open streams end
            closeReason = null;
            notifyAll();
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
