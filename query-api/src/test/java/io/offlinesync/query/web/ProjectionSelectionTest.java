package io.offlinesync.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.offlinesync.streams.projections.ActiveProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GET /v1/lists/{id} serves the active projection (todo.projections), or the one asked with ?projection. */
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
}
