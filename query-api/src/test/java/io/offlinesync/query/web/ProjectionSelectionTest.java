package io.offlinesync.query.web;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.offlinesync.streams.projections.ActiveProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET /v1/lists/{id} serves the active projection (todo.projections), or the one asked with ?projection, whatever
 * projection it is: the fixture serves every installed one, v1 and v2 and the example v3 (todo-archive) from its jar
 * on the test class path; GET /v1/projections lists them.
 */
class ProjectionSelectionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private QueryApiFixture fixture;

    @BeforeEach
    void start() {
        fixture = new QueryApiFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private JsonNode state(String query) throws Exception {
        String body = fixture.mvc.perform(get("/v1/lists/" + QueryApiFixture.LIST + query))
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(body);
    }

    @Test
    void withoutARecordV1IsServedWithoutV2Fields() throws Exception {
        JsonNode v1 = state("");
        assertThat(v1.get("projection").asString()).isEqualTo("v1");
        assertThat(v1.has("openCount")).isFalse();
        assertThat(v1.has("stateHash")).isFalse();
        assertThat(v1.get("items").get(0).has("addedAt")).isFalse();
    }

    @Test
    void theActiveRecordSwitchesTheServedProjectionAndV2AddsItsFields() throws Exception {
        fixture.activate(ActiveProjection.DEFAULT.switchTo("v2"));
        JsonNode v2 = state("");
        assertThat(v2.get("projection").asString()).isEqualTo("v2");
        assertThat(v2.get("openCount").asLong()).isEqualTo(1L);
        assertThat(v2.get("doneCount").asLong()).isEqualTo(0L);
        assertThat(v2.get("stateHash").asString()).hasSize(64);
        assertThat(v2.get("items").get(0).get("addedAt").asLong()).isEqualTo(1001L);
        assertThat(v2.get("items").get(0).get("updatedAt").asLong()).isEqualTo(1001L);

        JsonNode asked = state("?projection=v1");
        assertThat(asked.get("projection").asString()).isEqualTo("v1");
        assertThat(asked.get("title").asString()).isEqualTo(v2.get("title").asString());

        fixture.activate(new ActiveProjection("v1", "v2"));
        assertThat(state("").get("projection").asString()).isEqualTo("v1");
    }

    @Test
    void theSnapshotWithRegistersNamesTheProjectionToo() throws Exception {
        assertThat(state("?projection=v2&registers=true").get("projection").asString()).isEqualTo("v2");
    }

    private static final long DAY_MS = 24 * 3600 * 1000L;

    @Test
    void theProjectionsThisInstanceServesAreListedWithTheActiveOne() throws Exception {
        fixture.activate(ActiveProjection.DEFAULT.switchTo("v2"));
        String body = fixture.mvc.perform(get("/v1/projections")).andReturn().getResponse().getContentAsString();

        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("""
                {"active":"v2","previous":"v1","projections":[
                 {"name":"v1","id":"todo-list","version":1},
                 {"name":"v2","id":"todo-list","version":2},
                 {"name":"v3","id":"todo-archive","version":3}]}"""));
    }

    @Test
    void aProjectionFromAJarIsServedInItsOwnShapeWithThePlatformsFields() throws Exception {
        fixture.append(accepted(3, "ann", 3, 2_000, completed(QueryApiFixture.ITEM, 2, clock("ann", 2))));
        JsonNode fresh = state("?projection=v3");
        assertThat(fresh.get("projection").asString()).isEqualTo("v3");
        assertThat(fresh.get("listVersion").asLong()).isEqualTo(3);
        assertThat(fresh.get("clientSeqs").get("ann").asLong()).isEqualTo(3);
        assertThat(fresh.get("source").get("offset").asLong()).isEqualTo(2);
        assertThat(fresh.get("items").get(0).get("itemId").asString()).isEqualTo(QueryApiFixture.ITEM);
        assertThat(fresh.get("archived").size()).isZero();

        // a week of log time later the completed item is in v3's archived section; v2 still shows it among the items
        fixture.append(accepted(4, "ann", 4, 2_000 + 8 * DAY_MS, added("eggs", "Eggs")));
        JsonNode week = state("?projection=v3");
        assertThat(week.get("items").size()).isEqualTo(1);
        assertThat(week.get("items").get(0).get("itemId").asString()).isEqualTo("eggs");
        assertThat(week.get("archived").get(0).get("itemId").asString()).isEqualTo(QueryApiFixture.ITEM);
        assertThat(week.get("archived").get(0).get("completedAt").asLong()).isEqualTo(2_000L);
        assertThat(week.get("logTime").asLong()).isEqualTo(2_000 + 8 * DAY_MS);
        assertThat(state("?projection=v2").get("items").size()).isEqualTo(2);

        fixture.activate(ActiveProjection.DEFAULT.switchTo("v3"));
        assertThat(state("").get("projection").asString()).isEqualTo("v3");
    }

    @Test
    void registersAreOnlyForProjectionsOfTheDomainsFold() throws Exception {
        var refused = fixture.mvc.perform(get("/v1/lists/" + QueryApiFixture.LIST + "?projection=v3&registers=true"))
                .andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(refused.getContentAsString()).path("errors").path(0).path("field").asString())
                .isEqualTo("registers");

        // with v3 active, a device joining from a snapshot still gets one: from the first todo-list projection
        fixture.activate(ActiveProjection.DEFAULT.switchTo("v3"));
        JsonNode snapshot = state("?registers=true");
        assertThat(snapshot.get("projection").asString()).isEqualTo("v1");
        assertThat(snapshot.has("registers")).isTrue();
    }
}
