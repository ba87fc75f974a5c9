package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every line of {@code bad-requests.txt}: the right status, problem+json naming the field, nothing appended. */
class BadRequestCorpusTest extends WebTestBase {

    private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(.+?):(\\d+)}");

    record Case(int line, String name, String listId, String contentType, int status, String index, String field,
                String bodySpec) {

        @Override
        public String toString() {
            return name;
        }

        byte[] body() throws IOException {
            if (bodySpec.equals("<empty>")) {
                return new byte[0];
            }
            if (bodySpec.startsWith("hex:")) {
                return HexFormat.of().parseHex(bodySpec.substring(4));
            }
            if (bodySpec.startsWith("@")) {
                try (InputStream in = resource("bad-requests/" + bodySpec.substring(1))) {
                    return in.readAllBytes();
                }
            }
            Matcher m = REPEAT.matcher(bodySpec);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
            }
            m.appendTail(out);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(resource("bad-requests.txt"), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", 7);
                if (f.length != 7) {
                    throw new IllegalStateException("bad-requests.txt line " + number + " has " + f.length + " fields");
                }
                cases.add(new Case(number, f[0].trim(), f[1].trim(), f[2].trim(), Integer.parseInt(f[3].trim()),
                        f[4].trim(), f[5].trim(), f[6].trim()));
            }
        }
        return cases;
    }

    @Test
    void corpusIsBroadAndNamesAreUnique() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(cases.stream().map(Case::name).distinct().count()).isEqualTo(cases.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithProblemNamingTheField(Case c) throws Exception {
        String contentType = switch (c.contentType()) {
            case "json" -> "application/json";
            case "-" -> null;
            default -> c.contentType();
        };
        HttpResponse<String> response = post("/v1/lists/" + c.listId() + "/events", contentType, c.body());

        assertThat(response.statusCode()).as("status of %s (line %d): %s", c.name(), c.line(), response.body())
                .isEqualTo(c.status());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(c.status());
        assertThat(problem.path("type").asString()).startsWith("urn:offlinesync:problem:");
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        if (c.field().equals("-")) {
            assertThat(problem.has("errors")).as("no errors list for %s: %s", c.name(), problem).isFalse();
        } else {
            List<String> found = StreamSupport.stream(problem.path("errors").spliterator(), false)
                    .map(e -> text(e.path("index")) + "/" + text(e.path("field")))
                    .toList();
            assertThat(found).as("errors of %s: %s", c.name(), problem).contains(c.index() + "/" + c.field());
            problem.path("errors").forEach(e -> {
                assertThat(e.has("index") && e.has("field")).isTrue();
                assertThat(e.path("message").asString()).isNotBlank();
            });
        }
        assertThat(FAKE.appended()).as("appended for %s", c.name()).isEmpty();
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? "null" : node.asString();
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(BadRequestCorpusTest.class.getClassLoader().getResourceAsStream(name), name);
    }
}
