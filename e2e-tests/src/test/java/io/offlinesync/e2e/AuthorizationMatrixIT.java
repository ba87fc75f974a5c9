package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.issuer.testing.IssuerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, on the real platform (KRaft broker, registry, the three services) with a real issuer: every
 * role against every operation, status and body. The roles: a list's owner, editor and viewer, a non-member, a
 * removed member, an operator who is no member, and four callers without a usable token (none, expired, another
 * issuer's, another audience's). The operations: creating a list, each event type, each membership change, every
 * read (the live stream too), every admin endpoint.
 */
class AuthorizationMatrixIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String LIST = "matrix";

    /** A caller: a name for messages and the Authorization header it sends (null: none). */
    record Caller(String name, String authorization) {}

    private static Path keys;
    private static IssuerProcess issuer;
    private static IssuerProcess shortLived;
    private static IssuerProcess otherAudience;
    private static IssuerProcess otherIssuer;
    private static Platform platform;
    private static final Map<String, Caller> callers = new LinkedHashMap<>();
    private static final Map<String, Device> devices = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        keys = Files.createTempDirectory("matrix-issuer");
        String keyFile = keys.resolve("signing.jwk").toString();
        issuer = IssuerProcess.start(Map.of("ISSUER_KEY_FILE", keyFile));
        // same issuer (URL and key), other settings: tokens the platform must still refuse
        shortLived = IssuerProcess.start(Map.of("ISSUER_KEY_FILE", keyFile, "ISSUER_URL", issuer.issuerUri(),
                "ISSUER_TOKEN_TTL", "1s"));
        otherAudience = IssuerProcess.start(Map.of("ISSUER_KEY_FILE", keyFile, "ISSUER_URL", issuer.issuerUri(),
                "ISSUER_AUDIENCE", "another-app"));
        otherIssuer = IssuerProcess.start(); // its own key and URL
        // a stream holds a list the caller cannot read 1 s (not 10) before it answers removed
        platform = Platform.start(new Platform.Setup(false, false, 0, List.of("--sync.access.clock-skew=0s",
                "--sync.stream.join-wait=1s")), issuer);

        for (String user : List.of("ann", "bob", "carol", "dave", "eve")) {
            callers.put(user, new Caller(user, "Bearer " + platform.token(user)));
            devices.put(user, new Device(user + "-phone", platform.gatewayUrl(), platform.queryUrl(),
                    platform.token(user)));
        }
        callers.put("operator", new Caller("operator", "Bearer " + platform.adminToken()));
        devices.put("operator", new Device("operator-phone", platform.gatewayUrl(), platform.queryUrl(),
                platform.adminToken()));
        String expired = shortLived.token("ann");
        callers.put("no token", new Caller("no token", null));
        callers.put("expired", new Caller("expired", "Bearer " + expired));
        callers.put("other issuer", new Caller("other issuer", "Bearer " + otherIssuer.token("ann")));
        callers.put("other audience", new Caller("other audience", "Bearer " + otherAudience.token("ann")));

        // ann's list: bob edits, carol views, dave was an editor and is no more, eve never belonged
        Device ann = devices.get("ann");
        assertThat(ann.push(LIST, ann.batch(
                ann.event("ListCreated", "\"title\":\"Matrix\",\"policy\":\"lww\""),
                ann.event("MemberAdded", "\"member\":\"bob\",\"role\":\"editor\""),
                ann.event("MemberAdded", "\"member\":\"carol\",\"role\":\"viewer\""),
                ann.event("MemberAdded", "\"member\":\"dave\",\"role\":\"editor\""),
                ann.event("MemberRemoved", "\"member\":\"dave\""),
                ann.event("ItemAdded", "\"itemId\":\"milk\",\"title\":\"Milk\",\"count\":1,\"vclock\":{\"ann-phone\":1}"))))
                .extracting(Device.Response::status).isEqualTo(202);
        awaitMembers(LIST, Map.of("ann", "owner", "bob", "editor", "carol", "viewer"));
        // the expired token: its second of life is over (no clock skew on this platform)
        await("the short-lived token expires").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> send(get(platform.queryUrl() + "/v1/lists"), callers.get("expired")).statusCode() == 401);
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        for (IssuerProcess process : new IssuerProcess[] {issuer, shortLived, otherAudience, otherIssuer}) {
            if (process != null) {
                process.close();
            }
        }
    }

    private static final List<String> UNAUTHENTICATED = List.of("no token", "expired", "other issuer", "other audience");

    @Test
    void unauthenticatedCallersGet401WithAChallengeOnEveryApiAndAdminEndpoint() throws Exception {
        List<HttpRequest.Builder> requests = new ArrayList<>(reads(LIST));
        requests.add(get(platform.queryUrl() + "/v1/lists"));
        requests.add(get(platform.queryUrl() + "/v1/stream?lists=" + LIST + ":0"));
        Device throwaway = new Device("ann-phone", platform.gatewayUrl(), platform.queryUrl(), null); // numbers of its own
        requests.add(push(LIST, throwaway.batch(throwaway.event("ListRenamed", "\"title\":\"x\""))));
        requests.addAll(adminCalls());
        long head = head(LIST);
        for (String name : UNAUTHENTICATED) {
            for (HttpRequest.Builder request : requests) {
                HttpResponse<String> answer = send(request, callers.get(name));
                assertThat(answer.statusCode()).as(name + " " + answer.request().uri()).isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).as(name).hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer"));
                assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(json(answer).path("type").asString()).isEqualTo("urn:offlinesync:problem:unauthorized");
            }
        }
        assertThat(head(LIST)).as("nothing written by callers without a valid token").isEqualTo(head);
        // the probes stay open to everyone (orchestrators have no tokens)
        for (String service : List.of(platform.gatewayUrl(), platform.queryUrl(), platform.projectorUrl())) {
            for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                assertThat(send(get(service + probe), callers.get("no token")).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void everySignedInUserMayCreateAListAndOwnsIt() throws Exception {
        for (String user : List.of("ann", "bob", "carol", "dave", "eve", "operator")) {
            Device device = new Device(user + "-creator", platform.gatewayUrl(), platform.queryUrl(),
                    callers.get(user).authorization().substring("Bearer ".length()));
            String listId = "created-by-" + user;
            assertThat(device.push(listId, device.batch(device.event("ListCreated",
                    "\"title\":\"Mine\",\"policy\":\"vector\""))).status()).as(user).isEqualTo(202);
            awaitMembers(listId, Map.of(user, "owner"));
        }
    }

    /** One batch of every event type a member may write, and what the sequencer makes of each, by role. */
    @Test
    void eachEventTypeAndMembershipChangeByRole() throws Exception {
        // owner: everything; editor: list and item events, no membership change
        Map<String, String> byOwner = writeEverything("ann");
        assertThat(byOwner).as("owner").allSatisfy((type, outcome) -> assertThat(outcome).isEqualTo("accepted"));
        Map<String, String> byEditor = writeEverything("bob");
        assertThat(byEditor).as("editor").containsEntry("ListRenamed", "accepted").containsEntry("ItemAdded", "accepted")
                .containsEntry("ItemRenamed", "accepted").containsEntry("ItemCompleted", "accepted")
                .containsEntry("ItemReopened", "accepted").containsEntry("ItemDeleted", "accepted")
                .containsEntry("MemberAdded", "forbidden").containsEntry("MemberRemoved", "forbidden");

        // viewer, non-member, removed member, operator who is no member: the gateway's view refuses the push
        for (String user : List.of("carol", "eve", "dave", "operator")) {
            long head = head(LIST);
            Device device = devices.get(user);
            for (String[] event : everyEvent(user)) {
                Device.Response refused = device.push(LIST, device.batch(device.event(event[0], event[1])));
                assertThat(refused.status()).as(user + " " + event[0]).isEqualTo(403);
                assertThat(refused.body().path("type").asString()).isEqualTo("urn:offlinesync:problem:forbidden");
                assertThat(refused.body().path("detail").asString()).contains("nothing was written");
            }
            assertThat(head(LIST)).as(user + " wrote nothing").isEqualTo(head);
        }
        // the membership changes the owner made are the list's members now
        awaitMembers(LIST, Map.of("ann", "owner", "bob", "editor", "carol", "viewer"));
    }

    @Test
    void readsByRole() throws Exception {
        String unknown = "no-such-list";
        for (String user : List.of("ann", "bob", "carol", "operator")) {
            for (HttpRequest.Builder read : reads(LIST)) {
                HttpResponse<String> answer = send(read, callers.get(user));
                assertThat(answer.statusCode()).as(user + " " + answer.request().uri()).isEqualTo(200);
            }
        }
        // a non-member and a removed member: each read answers exactly as for a list that does not exist
        List<HttpRequest.Builder> ofUnknown = reads(unknown);
        List<HttpRequest.Builder> ofList = reads(LIST);
        for (String user : List.of("eve", "dave")) {
            for (int r = 0; r < ofList.size(); r++) {
                HttpResponse<String> hidden = send(ofList.get(r), callers.get(user));
                HttpResponse<String> absent = send(ofUnknown.get(r), callers.get(user));
                assertThat(hidden.statusCode()).as(user + " " + hidden.request().uri()).isEqualTo(404);
                assertThat(hidden.body().replace(LIST, unknown)).isEqualTo(absent.body());
                assertThat(hidden.headers().firstValue("Content-Type")).isEqualTo(absent.headers().firstValue("Content-Type"));
            }
        }
        // each user's own lists, with their role
        assertThat(myLists("ann")).containsEntry(LIST, "owner");
        assertThat(myLists("bob")).containsEntry(LIST, "editor");
        assertThat(myLists("carol")).containsEntry(LIST, "viewer");
        assertThat(myLists("dave")).doesNotContainKey(LIST);
        assertThat(myLists("eve")).doesNotContainKey(LIST);
        assertThat(myLists("operator")).doesNotContainKey(LIST);
        // members see who belongs
        JsonNode state = json(send(get(platform.queryUrl() + "/v1/lists/" + LIST), callers.get("carol")));
        assertThat(state.path("members").path("ann").asString()).isEqualTo("owner");
        assertThat(state.path("members").has("dave")).isFalse();
    }

    @Test
    void theLiveStreamByRole() throws Exception {
        // members of every role and the operator: the list's log from the cursor
        for (String user : List.of("ann", "bob", "carol", "operator")) {
            assertThat(streamStart(user, LIST + ":0", 2)).as(user).containsExactly(
                    "entry " + LIST + ":1", "entry " + LIST + ":2");
        }
        // a non-member and a removed member: exactly the answer for a list that does not exist
        for (String user : List.of("eve", "dave")) {
            List<String> hidden = streamStart(user, LIST + ":0", 2);
            assertThat(hidden).as(user).containsExactly("removed {\"listId\":\"" + LIST + "\"}",
                    "closed {\"reason\":\"no-lists\"}");
            assertThat(hidden.stream().map(e -> e.replace(LIST, "no-such-list")).toList())
                    .isEqualTo(streamStart(user, "no-such-list:0", 2));
        }
    }

    /**
     * The first {@code n} events of {@code user}'s stream of {@code lists}, heartbeats left out: "entry ID" for
     * an entry, "EVENT DATA" for the others.
     */
    private static List<String> streamStart(String user, String lists, int n) throws Exception {
        HttpRequest.Builder request = get(platform.queryUrl() + "/v1/stream?lists=" + lists)
                .header("Accept", "text/event-stream");
        if (callers.get(user).authorization() != null) {
            request.header("Authorization", callers.get(user).authorization());
        }
        HttpResponse<java.io.InputStream> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> events = new ArrayList<>();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(answer.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(answer.statusCode()).as(user).isEqualTo(200);
            SseEvents.read(in, e -> {
                if (!e.type().equals("heartbeat")) {
                    events.add(e.type().equals("entry") ? "entry " + e.id() : e.type() + " " + e.data());
                }
                return events.size() < n;
            });
        }
        return events;
    }

    @Test
    void adminEndpointsAreForOperatorsOnly() throws Exception {
        for (HttpRequest.Builder call : adminCalls()) {
            HttpResponse<String> byOperator = send(call, callers.get("operator"));
            assertThat(byOperator.statusCode()).as("operator " + byOperator.request().uri()).isIn(200, 409);
            for (String user : List.of("ann", "bob", "carol", "dave", "eve")) {
                HttpResponse<String> refused = send(call, callers.get(user));
                assertThat(refused.statusCode()).as(user + " " + refused.request().uri()).isEqualTo(403);
                assertThat(json(refused).path("type").asString()).isEqualTo("urn:offlinesync:problem:forbidden");
                assertThat(json(refused).path("detail").asString()).contains("sync:admin");
            }
        }
    }

    @Test
    void anotherUsersClientIdGetsNothingIn() throws Exception {
        Device ann = devices.get("ann");
        long annSeq = clientSeq(LIST, "ann-phone");
        long head = head(LIST);
        // eve, and bob (a member!), under ann's clientId: refused, ann's numbering untouched
        for (String user : List.of("eve", "bob")) {
            Device impostor = new Device("ann-phone", platform.gatewayUrl(), platform.queryUrl(), platform.token(user));
            Device.Response refused = impostor.push(LIST, impostor.batch(impostor.event("ListRenamed",
                    "\"title\":\"Mine now\"")));
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(refused.body().path("detail").asString()).contains("belongs to another user");
        }
        assertThat(head(LIST)).isEqualTo(head);
        assertThat(clientSeq(LIST, "ann-phone")).isEqualTo(annSeq);
        // ann's own device goes on as if nothing happened
        assertThat(ann.push(LIST, ann.batch(ann.event("ListRenamed", "\"title\":\"Still ann's\""))).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> clientSeq(LIST, "ann-phone") == annSeq + 1);
    }

    // --- the cells' material -------------------------------------------------------------------------------

    /** Every event type, with fields that a member could write on {@link #LIST}, for {@code user}'s device. */
    private static List<String[]> everyEvent(String user) {
        String item = "item-" + user;
        return List.of(
                new String[] {"ListRenamed", "\"title\":\"Renamed by " + user + "\""},
                new String[] {"ItemAdded", "\"itemId\":\"" + item + "\",\"title\":\"T\",\"count\":1,\"vclock\":{\"" + user + "-phone\":1}"},
                new String[] {"ItemRenamed", "\"itemId\":\"milk\",\"title\":\"Milk by " + user + "\",\"count\":2,\"vclock\":{\"" + user + "-phone\":2}"},
                new String[] {"ItemCompleted", "\"itemId\":\"milk\",\"count\":3,\"vclock\":{\"" + user + "-phone\":3}"},
                new String[] {"ItemReopened", "\"itemId\":\"milk\",\"count\":4,\"vclock\":{\"" + user + "-phone\":4}"},
                new String[] {"ItemDeleted", "\"itemId\":\"" + item + "\",\"count\":5,\"vclock\":{\"" + user + "-phone\":5}"},
                new String[] {"MemberAdded", "\"member\":\"frank-" + user + "\",\"role\":\"viewer\""},
                new String[] {"MemberRemoved", "\"member\":\"frank-" + user + "\""});
    }

    /** Pushes one event of each type from {@code user}'s device; the log's verdict per type. */
    private static Map<String, String> writeEverything(String user) throws Exception {
        Device device = devices.get(user);
        List<String[]> events = everyEvent(user);
        List<String> json = new ArrayList<>();
        for (String[] event : events) {
            json.add(device.event(event[0], event[1]));
        }
        Device.Response pushed = device.push(LIST, device.batch(json.toArray(String[]::new)));
        assertThat(pushed.status()).as(user).isEqualTo(202);
        Map<String, String> eventIds = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            eventIds.put(Device.JSON.readTree(json.get(i)).path("eventId").asString(), events.get(i)[0]);
        }
        Map<String, String> outcomes = new LinkedHashMap<>();
        await(user + "'s events in the log").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    outcomes.clear();
                    for (JsonNode entry : devices.get("ann").pullAll(LIST, 0, 1000)) {
                        String type = eventIds.get(entry.path("eventId").asString());
                        if (type != null) {
                            assertThat(entry.path("userId").asString()).isEqualTo(user);
                            outcomes.put(type, entry.path("type").asString().equals("Rejected")
                                    ? entry.path("reason").asString() : "accepted");
                        }
                    }
                    assertThat(outcomes).hasSize(events.size());
                });
        return outcomes;
    }

    private static List<HttpRequest.Builder> reads(String listId) {
        String q = platform.queryUrl() + "/v1/lists/" + listId;
        return List.of(get(q), get(q + "/events?after=0"), get(q + "/events?after=0&waitMs=1"),
                get(q + "/items/milk/history"), get(q + "?policy=counter"));
    }

    private static List<HttpRequest.Builder> adminCalls() {
        String q = platform.queryUrl();
        List<HttpRequest.Builder> calls = new ArrayList<>(List.of(get(q + "/admin/projections"), get(q + "/admin/instances"),
                post(q + "/admin/projections/activate?version=v1"), post(q + "/admin/projections/rollback")));
        for (String service : List.of(platform.gatewayUrl(), q, platform.projectorUrl())) {
            calls.add(get(service + "/actuator/prometheus"));
            calls.add(get(service + "/actuator/info"));
            calls.add(get(service + "/actuator/health"));
        }
        return calls;
    }

    private static Map<String, String> myLists(String user) throws Exception {
        HttpResponse<String> answer = send(get(platform.queryUrl() + "/v1/lists?limit=200"), callers.get(user));
        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, String> lists = new LinkedHashMap<>();
        json(answer).path("lists").values().forEach(list -> lists.put(list.path("listId").asString(),
                list.path("role").asString()));
        return lists;
    }

    private static void awaitMembers(String listId, Map<String, String> members) {
        Caller owner = callers.get(members.entrySet().stream().filter(m -> m.getValue().equals("owner"))
                .map(Map.Entry::getKey).findFirst().orElseThrow());
        await(listId + " members " + members).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    HttpResponse<String> state = send(get(platform.queryUrl() + "/v1/lists/" + listId), owner);
                    assertThat(state.statusCode()).isEqualTo(200);
                    Map<String, String> now = new LinkedHashMap<>();
                    json(state).path("members").properties().forEach(m -> now.put(m.getKey(), m.getValue().asString()));
                    assertThat(now).isEqualTo(members);
                });
    }

    private static long head(String listId) throws Exception {
        return json(send(get(platform.queryUrl() + "/v1/lists/" + listId + "/events?after=0&limit=1"),
                callers.get("ann"))).path("head").asLong();
    }

    private static long clientSeq(String listId, String clientId) throws Exception {
        return json(send(get(platform.queryUrl() + "/v1/lists/" + listId + "/events?after=0&limit=1"),
                callers.get("ann"))).path("clientSeqs").path(clientId).asLong();
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    }

    private static HttpRequest.Builder post(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private static HttpRequest.Builder push(String listId, String batch) {
        return HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/v1/lists/" + listId + "/events"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, Caller caller) throws Exception {
        HttpRequest.Builder copy = request.copy();
        if (caller.authorization() != null) {
            copy.header("Authorization", caller.authorization());
        }
        return HTTP.send(copy.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) {
        return Device.JSON.readTree(answer.body());
    }
}
