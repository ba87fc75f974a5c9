package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Role;
import io.offlinesync.gateway.inbox.InboxSubmission;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.avro.InboxBatch;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The signed-in user reaches the inbox record: the push's {@link Principal} (here set by a test filter from a
 * header, as sign-in will from the access token) is stamped on the batch as its userId; without one the batch has
 * none. Member events pass through like any other.
 */
@Import(PushUserTest.TestSignIn.class)
class PushUserTest extends WebTestBase {

    /** Makes the request's principal the user named in {@code X-Test-User}, when present. */
    @TestConfiguration
    static class TestSignIn {
        @Bean
        OncePerRequestFilter testSignIn() {
            return new OncePerRequestFilter() {
                @Override
                protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                                FilterChain chain) throws ServletException, IOException {
                    String user = request.getHeader("X-Test-User");
                    chain.doFilter(user == null ? request : new HttpServletRequestWrapper(request) {
                        @Override
                        public Principal getUserPrincipal() {
                            return () -> user;
                        }
                    }, response);
                }
            };
        }
    }

    private HttpResponse<String> push(String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/lists/groceries/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("X-Test-User", user);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String MEMBERS = """
            {"clientId": "ann-phone", "events": [
              {"eventId": "%s", "clientSeq": 1, "type": "ListCreated", "at": {"ms": 1764150000000, "n": 0},
               "title": "Groceries", "policy": "lww"},
              {"eventId": "%s", "clientSeq": 2, "type": "MemberAdded", "at": {"ms": 1764150000001, "n": 0},
               "member": "bob", "role": "editor"},
              {"eventId": "%s", "clientSeq": 3, "type": "MemberRemoved", "at": {"ms": 1764150000002, "n": 0},
               "member": "cyd"}]}
            """.formatted(PushTest.id(1), PushTest.id(2), PushTest.id(3));

    @Test
    void theSignedInUserIsStampedOnTheInboxBatch() throws Exception {
        HttpResponse<String> response = push("ann", MEMBERS);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        InboxSubmission submission = FAKE.appended().getFirst();
        assertThat(submission.userId()).isEqualTo("ann");
        assertThat(submission.events()).extracting(e -> e.body()).containsExactly(
                new EventBody.ListCreated("Groceries", io.offlinesync.domain.Policy.LWW),
                new EventBody.MemberAdded("bob", Role.EDITOR), new EventBody.MemberRemoved("cyd"));
        InboxBatch record = KafkaInboxAppender.toAvro(submission);
        assertThat(record.getUserId()).isEqualTo("ann");
        assertThat(record.getEvents().stream().map(EventCodec::fromAvro).toList()).isEqualTo(submission.events());
    }

    @Test
    void withoutAPrincipalTheBatchHasNoUser() throws Exception {
        assertThat(push(null, MEMBERS).statusCode()).isEqualTo(202);
        assertThat(FAKE.appended()).extracting(InboxSubmission::userId).containsExactly((String) null);
        assertThat(KafkaInboxAppender.toAvro(FAKE.appended().getFirst()).getUserId()).isNull();
    }

    @Test
    void aUserIdInTheBodyIsRefusedWhoeverIsSignedIn() throws Exception {
        HttpResponse<String> response = push("ann", MEMBERS.replace("\"member\": \"cyd\"",
                "\"member\": \"cyd\", \"userId\": \"ann\""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("errors")).hasSize(1);
        assertThat(json(response).path("errors").get(0).path("field").asString()).isEqualTo("userId");
        assertThat(json(response).path("errors").get(0).path("index").asInt()).isEqualTo(2);
        assertThat(FAKE.appended()).isEqualTo(List.of());
    }
}
