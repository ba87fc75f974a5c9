package io.offlinesync.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every line of {@code bad-requests.txt}, through the real controllers and queries over a real event index:
 * the right status, never a 5xx, problem+json for every error, and a 400 names the field. The caller is an
 * operator, who reads every list: each 404 is the read's own (the stores know no such list or item), not the
 * membership gate's (ListMembershipReadsTest shows that one answers the very same).
 */
class BadRequestCorpusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static QueryApiFixture fixture;

    record Case(int line, String name, String method, String target, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        fixture = new QueryApiFixture();
        fixture.caller = QueryApiFixture.operator("op");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                BadRequestCorpusTest.class.getClassLoader().getResourceAsStream("bad-requests.txt")),
                StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", -1);
                if (f.length != 5) {
                    throw new IllegalStateException("bad-requests.txt line " + number + " has " + f.length + " fields");
                }
                cases.add(new Case(number, f[0].trim(), f[1].trim(), f[2].trim(), Integer.parseInt(f[3].trim()),
                        f[4].trim()));
            }
        }
        return cases;
    }

    @Test
    void corpusIsBroadAndNamesAreUnique() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(cases.stream().map(Case::name).distinct().count()).isEqualTo(cases.size());
        assertThat(cases.stream().filter(c -> c.status() == 400).map(Case::field).distinct())
                .contains("after", "limit", "waitMs", "listId", "itemId", "policy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answeredWithTheRightStatusAndAProblemNamingTheField(Case c) throws Exception {
        MockHttpServletResponse response = fixture.mvc.perform(
                request(HttpMethod.valueOf(c.method()), URI.create(c.target()))).andReturn().getResponse();
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        String what = String.format("%s (line %d) %s %s: %s", c.name(), c.line(), c.method(), c.target(), body);

        assertThat(response.getStatus()).as(what).isLessThan(500).isEqualTo(c.status());
        if (c.status() < 400) {
            assertThat(response.getContentType()).as(what).startsWith(MediaType.APPLICATION_JSON_VALUE);
            return;
        }
        assertThat(response.getContentType()).as(what).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(c.status());
        assertThat(problem.path("type").asString()).as(what).isNotBlank();
        assertThat(problem.path("title").asString()).as(what).isNotBlank();
        assertThat(problem.path("detail").asString()).as(what).isNotBlank();
        if (c.field().equals("-")) {
            assertThat(problem.has("errors")).as(what).isFalse();
            return;
        }
        assertThat(problem.path("type").asString()).as(what).isEqualTo("urn:offlinesync:problem:invalid-request");
        List<String> fields = StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(e -> e.path("field").asString()).toList();
        assertThat(fields).as(what).containsExactly(c.field());
        assertThat(problem.path("errors").get(0).path("index").isNull()).as(what).isTrue();
        assertThat(problem.path("errors").get(0).path("message").asString()).as(what).contains(c.field());
    }
}
