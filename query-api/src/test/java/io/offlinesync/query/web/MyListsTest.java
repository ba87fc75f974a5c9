package io.offlinesync.query.web;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.query.web.QueryApiFixture.operator;
import static io.offlinesync.query.web.QueryApiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.streams.projections.ActiveProjection;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/lists} (PROTOCOL.md v1.1 "Membership") over the real controller: the caller's lists from the
 * membership view, in listId order, with the caller's role and each list's title and listVersion from the
 * active projection's state; pages by {@code after} and {@code limit} with {@code next}; bad parameters are
 * 400s naming them.
 *
 * <p>The lists: {@code chores} (bob's, ann an editor; state "Chores" at version 1), {@code groceries} (ann's;
 * "Groceries" at version 2, the fixture's), {@code notes} (bob's, ann a viewer; no state yet) and {@code zebra}
 * (bob's alone; no state).
 */
class MyListsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CHORES = "{\"listId\":\"chores\",\"title\":\"Chores\",\"role\":\"editor\",\"listVersion\":1}";
    private static final String GROCERIES =
            "{\"listId\":\"groceries\",\"title\":\"Groceries\",\"role\":\"owner\",\"listVersion\":2}";
    private static final String NOTES = "{\"listId\":\"notes\",\"title\":null,\"role\":\"viewer\",\"listVersion\":0}";

    private QueryApiFixture fixture;

    @BeforeEach
    void start() {
        fixture = new QueryApiFixture();
        fixture.append("chores", accepted(1, "bob-phone", "bob", 1, 1500, created("Chores")));
        fixture.members.put("chores", new ListAccess(Map.of("bob", ListAccess.OWNER, "ann", ListAccess.EDITOR),
                Map.of("bob-phone", "bob")));
        fixture.members.put("notes", new ListAccess(Map.of("bob", ListAccess.OWNER, "ann", ListAccess.VIEWER),
                Map.of()));
        fixture.members.put("zebra", new ListAccess(Map.of("bob", ListAccess.OWNER), Map.of()));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private MockHttpServletResponse lists(String query, Principal caller) throws Exception {
        return fixture.mvc.perform(get("/v1/lists" + query).principal(caller)).andReturn().getResponse();
    }

    private String body(String query, Principal caller) throws Exception {
        MockHttpServletResponse answer = lists(query, caller);
        assertThat(answer.getStatus()).as("%s: %s", query, answer.getContentAsString()).isEqualTo(200);
        assertThat(answer.getContentType()).startsWith("application/json");
        return answer.getContentAsString();
    }

    private static String page(String next, String... lists) {
        return "{\"lists\":[" + String.join(",", lists) + "]" + (next == null ? "" : ",\"next\":\"" + next + "\"") + "}";
    }

    @Test
    void theCallersListsInListIdOrderWithRoleTitleAndListVersion() throws Exception {
        assertThat(body("", user("ann"))).isEqualTo(page(null, CHORES, GROCERIES, NOTES));
        assertThat(body("", user("bob"))).isEqualTo(page(null,
                "{\"listId\":\"chores\",\"title\":\"Chores\",\"role\":\"owner\",\"listVersion\":1}",
                "{\"listId\":\"notes\",\"title\":null,\"role\":\"owner\",\"listVersion\":0}",
                "{\"listId\":\"zebra\",\"title\":null,\"role\":\"owner\",\"listVersion\":0}"));
        // a user of no list, and an operator, who reads every list but belongs to none: nothing listed
        assertThat(body("", user("carol"))).isEqualTo(page(null));
        assertThat(body("", operator("op"))).isEqualTo(page(null));
    }

    @Test
    void titleAndVersionFollowTheListAndTheActiveProjection() throws Exception {
        fixture.append(accepted(3, "ann", "ann", 3, 2000, io.offlinesync.domain.TestEvents.added("eggs", "Eggs")));
        fixture.activate(ActiveProjection.DEFAULT.switchTo("v2"));
        assertThat(body("?after=chores&limit=1", user("ann"))).isEqualTo(page("groceries",
                "{\"listId\":\"groceries\",\"title\":\"Groceries\",\"role\":\"owner\",\"listVersion\":3}"));
    }

    @Test
    void pagesFollowOneAnotherByNext() throws Exception {
        assertThat(body("?limit=2", user("ann"))).isEqualTo(page("groceries", CHORES, GROCERIES));
        assertThat(body("?after=groceries&limit=2", user("ann"))).isEqualTo(page(null, NOTES));
        assertThat(body("?limit=1", user("ann"))).isEqualTo(page("chores", CHORES));
        assertThat(body("?after=chores&limit=1", user("ann"))).isEqualTo(page("groceries", GROCERIES));
        // a page exactly as long as what is left is the last one
        assertThat(body("?limit=3", user("ann"))).isEqualTo(page(null, CHORES, GROCERIES, NOTES));
        assertThat(body("?after=chores&limit=2", user("ann"))).isEqualTo(page(null, GROCERIES, NOTES));
        // the cursor need not be a list of the caller's, nor a list at all
        assertThat(body("?after=d", user("ann"))).isEqualTo(page(null, GROCERIES, NOTES));
        assertThat(body("?after=zebra", user("ann"))).isEqualTo(page(null));
        assertThat(body("?after=A", user("ann"))).as("listId order: upper case first")
                .isEqualTo(page(null, CHORES, GROCERIES, NOTES));
        assertThat(body("?after=notes&limit=200", user("ann"))).isEqualTo(page(null));
    }

    @Test
    void fiftyListsAPageByDefaultAndAtMostTwoHundred() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            String id = "list-%03d".formatted(i);
            ids.add(id);
            fixture.members.put(id, new ListAccess(Map.of("many", ListAccess.VIEWER), Map.of()));
        }
        JsonNode first = JSON.readTree(body("", user("many")));
        assertThat(listIds(first)).isEqualTo(ids.subList(0, 50));
        assertThat(first.path("next").asString()).isEqualTo("list-049");

        JsonNode most = JSON.readTree(body("?after=list-009&limit=200", user("many")));
        assertThat(listIds(most)).isEqualTo(ids.subList(10, 210));
        assertThat(most.path("next").asString()).isEqualTo("list-209");
        JsonNode rest = JSON.readTree(body("?after=list-209&limit=200", user("many")));
        assertThat(listIds(rest)).isEqualTo(ids.subList(210, 230));
        assertThat(rest.has("next")).isFalse();
    }

    private static List<String> listIds(JsonNode page) {
        return StreamSupport.stream(page.path("lists").spliterator(), false).map(l -> l.path("listId").asString())
                .toList();
    }

    @Test
    void aMembershipChangeShowsInTheNextAnswer() throws Exception {
        fixture.members.put("chores", new ListAccess(Map.of("bob", ListAccess.OWNER), Map.of()));
        fixture.members.put("notes", new ListAccess(Map.of("bob", ListAccess.OWNER, "ann", ListAccess.EDITOR),
                Map.of()));
        assertThat(body("", user("ann"))).isEqualTo(page(null, GROCERIES,
                "{\"listId\":\"notes\",\"title\":null,\"role\":\"editor\",\"listVersion\":0}"));
    }

    @Test
    void badAfterAndLimitAre400sNamingTheParameter() throws Exception {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("?after=bad.id", "after"),
                Map.entry("?after=", "after"),
                Map.entry("?after", "after"),
                Map.entry("?after=" + "g".repeat(65), "after"),
                Map.entry("?after=a%20b", "after"),
                Map.entry("?after=a&after=b", "after"),
                Map.entry("?limit=0", "limit"),
                Map.entry("?limit=201", "limit"),
                Map.entry("?limit=-1", "limit"),
                Map.entry("?limit=ten", "limit"),
                Map.entry("?limit=1.5", "limit"),
                Map.entry("?limit=", "limit"),
                Map.entry("?limit=%2B5", "limit"),
                Map.entry("?limit=5&limit=6", "limit"),
                Map.entry("?after=chores&limit=1000", "limit"),
                Map.entry("?after=bad!&limit=10", "after"));
        for (Map.Entry<String, String> request : bad.entrySet()) {
            MockHttpServletResponse answer = lists(request.getKey(), user("ann"));
            String what = request.getKey() + ": " + answer.getContentAsString();
            assertThat(answer.getStatus()).as(what).isEqualTo(400);
            assertThat(answer.getContentType()).as(what).isEqualTo("application/problem+json");
            JsonNode problem = JSON.readTree(answer.getContentAsString());
            assertThat(problem.path("type").asString()).as(what).isEqualTo("urn:offlinesync:problem:invalid-request");
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(400);
            assertThat(problem.path("errors")).as(what).hasSize(1);
            assertThat(problem.path("errors").get(0).path("field").asString()).as(what).isEqualTo(request.getValue());
            assertThat(problem.path("detail").asString()).as(what).startsWith(request.getValue() + " ");
        }
        assertThat(lists("?limit=1", user("ann")).getStatus()).isEqualTo(200);
        assertThat(lists("?limit=200", user("ann")).getStatus()).isEqualTo(200);
    }
}
