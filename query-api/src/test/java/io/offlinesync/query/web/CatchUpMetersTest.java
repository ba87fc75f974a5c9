package io.offlinesync.query.web;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.micrometer.core.instrument.DistributionSummary;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The catch-up meters move with the pages the real controller serves. */
class CatchUpMetersTest {

    private QueryApiFixture fixture;

    @BeforeEach
    void start() {
        fixture = new QueryApiFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private double requests(boolean waited) {
        return fixture.registry.get("sync.catchup.requests").tag("waited", Boolean.toString(waited)).counter().count();
    }

    private double openLongPolls() {
        return fixture.registry.get("sync.catchup.longpolls.open").gauge().value();
    }

    private DistributionSummary pageEvents() {
        return fixture.registry.get("sync.catchup.page.events").summary();
    }

    @Test
    void pagesAreCountedWithTheirSizeAndRefusedRequestsAreNot() throws Exception {
        fixture.mvc.perform(get("/v1/lists/groceries/events?after=0")).andReturn();
        fixture.mvc.perform(get("/v1/lists/groceries/events?after=1&limit=5")).andReturn();
        fixture.mvc.perform(get("/v1/lists/groceries/events?limit=0")).andReturn();   // 400
        fixture.mvc.perform(get("/v1/lists/nope/events")).andReturn();                // 404

        assertThat(requests(false)).isEqualTo(2);
        assertThat(requests(true)).isZero();
        assertThat(pageEvents().count()).isEqualTo(2);
        assertThat(pageEvents().totalAmount()).isEqualTo(3); // 2 entries, then 1
        assertThat(openLongPolls()).isZero();
    }

    @Test
    void anOpenLongPollIsGaugedUntilItAnswers() throws Exception {
        long head = fixture.head();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<MockHttpServletResponse> poll = requests.submit(() -> fixture.mvc.perform(
                    get("/v1/lists/groceries/events?after=" + head + "&waitMs=20000")).andReturn().getResponse());
            await().atMost(Duration.ofSeconds(10)).until(() -> openLongPolls() == 1);
            assertThat(poll).isNotDone();

            fixture.append(accepted(head + 1, "ann", head + 1, 2000, added("eggs", "Eggs")));

            MockHttpServletResponse response = poll.get(10, TimeUnit.SECONDS);
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentAsString()).contains("\"itemId\":\"eggs\"");
        }
        assertThat(openLongPolls()).isZero();
        assertThat(requests(true)).isEqualTo(1);
        assertThat(pageEvents().totalAmount()).isEqualTo(1);
    }
}
