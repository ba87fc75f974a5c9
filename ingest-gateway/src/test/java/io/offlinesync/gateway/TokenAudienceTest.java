package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.access.membership.InMemoryMembershipView;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.issuer.testing.IssuerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token of another audience is refused though everything else about it is right. Two issuers sign with the
 * same key (one key file) under the same issuer URL, one for the audience {@code offline-sync}, the other for
 * {@code other}: the gateway, pointed at the first, takes the first's tokens and answers the second's 401,
 * nothing appended. Its own issuers (the shared one has no key file), stopped after the class.
 */
class TokenAudienceTest {

    static final FakeInboxAppender INBOX = new FakeInboxAppender();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path keys;

    static IssuerProcess ours;
    static IssuerProcess otherAudience;
    static ConfigurableApplicationContext app;
    static int port;

    /** Not a component (the gateway's scan must not find it): a source of the application below only. */
    static class Fakes {
        @Bean
        InboxAppender inboxAppender() {
            return INBOX;
        }

        @Bean
        MembershipView membershipView() {
            return new InMemoryMembershipView();
        }
    }

    @BeforeAll
    static void start() {
        String keyFile = keys.resolve("signing-key.json").toString();
        ours = IssuerProcess.start(Map.of("ISSUER_KEY_FILE", keyFile));
        otherAudience = IssuerProcess.start(Map.of("ISSUER_KEY_FILE", keyFile, "ISSUER_URL", ours.issuerUri(),
                "ISSUER_AUDIENCE", "other"));
        app = IngestGatewayApplication.app().sources(Fakes.class)
                .properties("spring.main.allow-bean-definition-overriding=true")
                .run("--server.port=0", "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1", "--TOPIC_CREATION_TIMEOUT=500ms",
                        "--REGISTER_SCHEMAS=false",
                        "--TOPIC_CHECK_ENABLED=false", "--OIDC_ISSUER_URI=" + ours.issuerUri());
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            try {
                if (otherAudience != null) {
                    otherAudience.close();
                }
            } finally {
                if (ours != null) {
                    ours.close();
                }
            }
        }
    }

    @Test
    void aTokenOfAnotherAudienceIs401AndNothingIsWritten() throws Exception {
        String good = ours.token("ann");
        String foreign = otherAudience.token("ann");
        // the premise: the same key and issuer, only the audience differs
        assertThat(part(foreign, 0).path("kid").asString()).isEqualTo(part(good, 0).path("kid").asString());
        assertThat(part(foreign, 1).path("iss").asString()).isEqualTo(ours.issuerUri());
        assertThat(part(foreign, 1).path("aud").toString()).contains("other").doesNotContain("offline-sync");
        assertThat(part(good, 1).path("aud").toString()).contains("offline-sync");

        HttpResponse<String> accepted = push(good);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(INBOX.appended()).hasSize(1);

        HttpResponse<String> refused = push(foreign);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer").contains("error=\"invalid_token\""));
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:unauthorized");
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("detail").asString()).contains("aud");
        assertThat(INBOX.appended()).hasSize(1);
    }

    private static HttpResponse<String> push(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/lists/"
                        + PushTest.LIST + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PushTest.batch(PushTest.CLIENT,
                        List.of(PushTest.listCreated(1))))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JWT's header (0) or claims (1). */
    private static JsonNode part(String jwt, int index) {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }
}
