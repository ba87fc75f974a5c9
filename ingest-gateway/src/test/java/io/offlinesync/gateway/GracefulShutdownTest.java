package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.gateway.inbox.InboxPosition;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Shutdown while a push waits for the broker's acknowledgement: the push still gets its 202, and the
 * application finishes closing only after it has answered. The application as it is run, with its inbox
 * replaced by one whose acknowledgement comes when the test says so.
 */
class GracefulShutdownTest {

    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch ACKNOWLEDGE = new CountDownLatch(1);

    /** Not a component (the gateway's scan must not find it): a source of the application below only. */
    static class SlowInbox {
        @Bean
        InboxAppender inboxAppender() {
            return submission -> {
                ENTERED.countDown();
                try {
                    ACKNOWLEDGE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new InboxPosition(0, 7);
            };
        }
    }

    @Test
    void aPushInFlightWhenShutdownBeginsIsAnsweredBeforeTheApplicationStops() throws Exception {
        ConfigurableApplicationContext context = IngestGatewayApplication.app().sources(SlowInbox.class)
                .properties("spring.main.allow-bean-definition-overriding=true")
                .run("--server.port=0", "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1", "--TOPIC_CREATION_TIMEOUT=500ms",
                        "--REGISTER_SCHEMAS=false",
                        "--OIDC_ISSUER_URI=" + TestIssuer.issuerUri());
        CompletableFuture<Void> shutdown = null;
        try {
            assertThat(context.getBean(InboxAppender.class)).isNotInstanceOf(KafkaInboxAppender.class);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> push = http.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/lists/" + PushTest.LIST + "/events"))
                    .header("Authorization", TestIssuer.bearer("ann"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(PushTest.batch(PushTest.CLIENT,
                            List.of(PushTest.listCreated(1))))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ENTERED.await(10, TimeUnit.SECONDS)).as("the push reached the inbox").isTrue();

            shutdown = CompletableFuture.runAsync(context::close);
            // graceful: the context waits for the request instead of closing under it
            CompletableFuture<Void> closing = shutdown;
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> !closing.isDone() && !push.isDone());

            ACKNOWLEDGE.countDown();
            HttpResponse<String> response = push.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(response.body()).contains("\"offset\":7");
            shutdown.get(20, TimeUnit.SECONDS);
            assertThat(context.isActive()).isFalse();
        } finally {
            ACKNOWLEDGE.countDown();
            if (shutdown == null) {
                context.close();
            }
        }
    }
}
