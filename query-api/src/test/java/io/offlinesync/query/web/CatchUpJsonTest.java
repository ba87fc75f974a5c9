package io.offlinesync.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.query.catchup.CatchUpQuery;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The page is one JSON document whose events are the index's bytes, copied as they are. */
class CatchUpJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPageWithEntriesCarriesThemUnchangedAfterItsFields() {
        Map<String, Long> clientSeqs = new LinkedHashMap<>();
        clientSeqs.put("ann", 2L);
        clientSeqs.put("b\"ob", 7L);
        byte[] rendered = CatchUpJson.render(new CatchUpQuery.Page("g", 9, 2, false, clientSeqs,
                List.of(utf8("{\"listVersion\":1,\"title\":\"\u20ac \uD83D\uDE00\"}"), utf8("{\"listVersion\":2}"))));

        JsonNode page = JSON.readTree(rendered);
        assertThat(page.get("listId").asString()).isEqualTo("g");
        assertThat(page.get("head").asLong()).isEqualTo(9);
        assertThat(page.get("next").asLong()).isEqualTo(2);
        assertThat(page.get("upToDate").asBoolean()).isFalse();
        assertThat(page.get("clientSeqs").get("b\"ob").asLong()).isEqualTo(7);
        assertThat(page.get("events")).hasSize(2);
        assertThat(page.get("events").get(0).get("title").asString()).isEqualTo("\u20ac \uD83D\uDE00");
        assertThat(new String(rendered, StandardCharsets.UTF_8))
                .endsWith(",\"events\":[{\"listVersion\":1,\"title\":\"\u20ac \uD83D\uDE00\"},{\"listVersion\":2}]}");
    }

    @Test
    void anEmptyPageHasAnEmptyEventsArray() {
        JsonNode page = JSON.readTree(CatchUpJson.render(new CatchUpQuery.Page("g", 3, 3, true, Map.of(), List.of())));
        assertThat(page.get("events").isArray()).isTrue();
        assertThat(page.get("events")).isEmpty();
        assertThat(page.get("clientSeqs").isObject()).isTrue();
        assertThat(page.get("upToDate").asBoolean()).isTrue();
    }
}
