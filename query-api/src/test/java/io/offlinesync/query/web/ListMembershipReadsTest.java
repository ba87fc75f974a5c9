package io.offlinesync.query.web;

import static io.offlinesync.query.web.QueryApiFixture.operator;
import static io.offlinesync.query.web.QueryApiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.offlinesync.access.membership.ListAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Who reads a list (PROTOCOL.md v1.1 "Membership"), over the real controllers: its members, whatever their
 * role, and operators, who read every list. For anyone else, and for a member from their removal on, each read
 * (state, catch-up, explain, what-if) answers exactly what it answers for a list that does not exist: status,
 * content type and body, so that no answer tells a non-member that the list is there.
 */
class ListMembershipReadsTest {

    /** The reads of a list, {@code %s} its id. */
    static final List<String> READS = List.of(
            "/v1/lists/%s",
            "/v1/lists/%s?projection=v2&registers=true",
            "/v1/lists/%s/events?after=0",
            "/v1/lists/%s/items/milk/history",
            "/v1/lists/%s?policy=counter",
            "/v1/lists/%s?waitFor=ann:1", // v1.1 read-your-writes fence, not waiting
            "/v1/lists/%s/events?after=0&waitFor=ann:1");

    /** A list id no one knows: neither the membership view nor the stores. */
    static final String NOWHERE = "nowhere";

    private QueryApiFixture fixture;

    @BeforeEach
    void start() {
        fixture = new QueryApiFixture();
        fixture.members.put(QueryApiFixture.LIST, new ListAccess(Map.of("ann", ListAccess.OWNER,
                "bob", ListAccess.EDITOR, "carol", ListAccess.VIEWER), Map.of("ann", "ann")));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private MockHttpServletResponse read(String path, Principal caller) throws Exception {
        return fixture.mvc.perform(get(path).principal(caller)).andReturn().getResponse();
    }

    /**
     * What {@code read} answers for a list that does not exist, made about {@code listId}: the read's own 404
     * (an operator's read, past the membership gate, of a list the stores do not have), with the id in its
     * text replaced.
     */
    private String unknownListBody(String read, String listId) throws Exception {
        MockHttpServletResponse unknown = read(read.formatted(NOWHERE), operator("op"));
        assertThat(unknown.getStatus()).as(read).isEqualTo(404);
        String body = unknown.getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).as(read).contains("urn:offlinesync:problem:not-found", NOWHERE);
        return body.replace(NOWHERE, listId);
    }

    /** {@code caller} gets, on every read of {@code listId}, exactly the answer for a list that does not exist. */
    private void assertReadsAsUnknown(String listId, Principal caller) throws Exception {
        for (String read : READS) {
            String path = read.formatted(listId);
            MockHttpServletResponse answer = read(path, caller);
            assertThat(answer.getStatus()).as(path).isEqualTo(404);
            assertThat(answer.getContentType()).as(path).isEqualTo("application/problem+json");
            assertThat(answer.getContentAsString(StandardCharsets.UTF_8)).as(path)
                    .isEqualTo(unknownListBody(read, listId));
            assertThat(answer.getHeaderNames()).as(path)
                    .isEqualTo(read(read.formatted(NOWHERE), operator("op")).getHeaderNames());
        }
    }

    private void assertReads(String listId, Principal caller) throws Exception {
        for (String read : READS) {
            String path = read.formatted(listId);
            MockHttpServletResponse answer = read(path, caller);
            assertThat(answer.getStatus()).as("%s by %s: %s", path, caller.getName(), answer.getContentAsString())
                    .isEqualTo(200);
            assertThat(answer.getContentAsString()).as(path).contains("\"listId\":\"" + listId + "\"");
        }
    }

    @Test
    void membersOfEveryRoleReadStateCatchUpExplainAndWhatIf() throws Exception {
        for (String member : List.of("ann", "bob", "carol")) {
            assertReads(QueryApiFixture.LIST, user(member));
        }
    }

    @Test
    void aNonMemberGetsExactlyTheAnswerOfEachReadForAnUnknownList() throws Exception {
        assertReadsAsUnknown(QueryApiFixture.LIST, user("mallory"));
        // and a user who is no one's member gets the same for a list the view does not know
        assertReadsAsUnknown(NOWHERE, user("mallory"));
        assertReadsAsUnknown(NOWHERE, user("ann"));
    }

    @Test
    void aNonMembersLongPollWaitsAndAnswersAsOneOnAListThatDoesNotExist() throws Exception {
        String wait = "/events?after=" + fixture.head() + "&waitMs=300";
        long started = System.nanoTime();
        MockHttpServletResponse hidden = read("/v1/lists/groceries" + wait, user("mallory"));
        long hiddenMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        MockHttpServletResponse absent = read("/v1/lists/" + NOWHERE + wait, user("mallory"));
        long absentMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(hidden.getStatus()).isEqualTo(404);
        assertThat(hidden.getContentAsString().replace("groceries", NOWHERE)).isEqualTo(absent.getContentAsString());
        // both wait out their time: how long an answer takes tells nothing either
        assertThat(hiddenMs).isGreaterThanOrEqualTo(300);
        assertThat(absentMs).isGreaterThanOrEqualTo(300);
        assertThat(fixture.longPolls.held()).isZero();
    }

    @Test
    void aLongPollWaitsForItsCallerToBecomeAMemberAsForTheLog() throws Exception {
        long head = fixture.head();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            // dave's device has just been shared the list and reads before the view has the change
            Future<MockHttpServletResponse> poll = requests.submit(() ->
                    read("/v1/lists/groceries/events?after=" + head + "&waitMs=20000", user("dave")));
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 1);
            fixture.members.put(QueryApiFixture.LIST, new ListAccess(Map.of("ann", ListAccess.OWNER,
                    "dave", ListAccess.EDITOR), Map.of("ann", "ann")));
            fixture.append(accepted(head + 1, "ann", head + 1, 2000, added("eggs", "Eggs")));
            MockHttpServletResponse answer = poll.get(10, TimeUnit.SECONDS);
            assertThat(answer.getStatus()).isEqualTo(200);
            assertThat(answer.getContentAsString()).contains("\"itemId\":\"eggs\"");
        }
        assertThat(fixture.longPolls.held()).isZero();
    }

    @Test
    void aRemovedMemberReadsTheListAsUnknownFromTheRemovalOn() throws Exception {
        assertReads(QueryApiFixture.LIST, user("bob"));

        fixture.members.put(QueryApiFixture.LIST, new ListAccess(Map.of("ann", ListAccess.OWNER,
                "carol", ListAccess.VIEWER), Map.of("ann", "ann")));
        assertReadsAsUnknown(QueryApiFixture.LIST, user("bob"));
        assertReads(QueryApiFixture.LIST, user("carol")); // the others read on

        // added again, bob reads again
        fixture.members.put(QueryApiFixture.LIST, new ListAccess(Map.of("ann", ListAccess.OWNER,
                "bob", ListAccess.VIEWER), Map.of("ann", "ann")));
        assertReads(QueryApiFixture.LIST, user("bob"));
    }

    @Test
    void anOperatorWhoIsNoMemberReadsEveryList() throws Exception {
        assertReads(QueryApiFixture.LIST, operator("op"));
        // a list with no members at all (a log of one rejection): only operators read it
        MockHttpServletResponse log = read("/v1/lists/rejected-only/events?after=0", operator("op"));
        assertThat(log.getStatus()).isEqualTo(200);
        assertThat(log.getContentAsString()).contains("\"reason\":\"unknown-list\"");
        assertThat(read("/v1/lists/rejected-only/events?after=0", user("bob")).getStatus()).isEqualTo(404);
    }

    @Test
    void onlyTheOperatorScopeItselfMakesAnOperator() throws Exception {
        // scopes that merely look like it, and a user named like the operator, are users
        for (Principal caller : List.of(QueryApiFixture.signedIn("op", "openid sync:admin-read"),
                QueryApiFixture.signedIn("op", "openid sync:Admin"), QueryApiFixture.signedIn("sync-admin", "openid"),
                user("op"))) {
            assertReadsAsUnknown(QueryApiFixture.LIST, caller);
        }
    }

    @Test
    void aReadWithoutACallerIsAnsweredAsForAnUnknownList() throws Exception {
        // only possible without the security filters, which let no such request through: still nothing is read
        fixture.caller = null;
        for (String read : READS) {
            String path = read.formatted(QueryApiFixture.LIST);
            MockHttpServletResponse answer = fixture.mvc.perform(get(path)).andReturn().getResponse();
            assertThat(answer.getStatus()).as(path).isEqualTo(404);
            assertThat(answer.getContentAsString(StandardCharsets.UTF_8)).as(path)
                    .isEqualTo(unknownListBody(read, QueryApiFixture.LIST));
        }
    }
}
