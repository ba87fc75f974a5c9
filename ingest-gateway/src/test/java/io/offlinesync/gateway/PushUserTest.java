package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Role;
import io.offlinesync.gateway.inbox.InboxSubmission;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.avro.InboxBatch;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signed-in user reaches the inbox record: the user of the push's access token (a real one, from the
 * issuer) is stamped on the batch as its userId. Member events pass through like any other.
 */
class PushUserTest extends WebTestBase {

    private HttpResponse<String> push(String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/lists/groceries/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", TestIssuer.bearer(user));
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
    void eachPushCarriesItsOwnTokensUserAndNoTokenWritesNothing() throws Exception {
        assertThat(push("bob", MEMBERS).statusCode()).isEqualTo(202);
        assertThat(push(null, MEMBERS).statusCode()).isEqualTo(401);
        assertThat(FAKE.appended()).extracting(InboxSubmission::userId).containsExactly("bob");
        assertThat(KafkaInboxAppender.toAvro(FAKE.appended().getFirst()).getUserId()).isEqualTo("bob");
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
