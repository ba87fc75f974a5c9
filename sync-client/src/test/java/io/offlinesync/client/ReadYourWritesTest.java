package io.offlinesync.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.Policy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * sync() and protocol v1.1's read-your-writes fence, against the in-memory protocol server with a sequencer that lags
 * behind the gateway: the download after a push waits for the push's fence, so the device shows its own events in the
 * server's log when sync() returns; a fence not reached in time, or a server without fences, is reported and the sync
 * goes on as before.
 */
class ReadYourWritesTest extends AgainstFakeServer {

    private SyncClient device(String name, Duration fenceWait) {
        return SyncClient.open(Devices.config(dir, name, server.url()).withFenceWait(fenceWait));
    }

    private List<String> catchUpsSince(int before) {
        List<String> all = server.catchUpQueries();
        return all.subList(before, all.size());
    }

    @Test
    void syncWaitsForItsPushsFenceAndShowsItsOwnEventsInTheLogWhenItReturns() throws Exception {
        server.sequenceAfter(Duration.ofMillis(600)); // the 202 comes at once, the log has the events 0.6 s later
        try (SyncClient ann = device("ann", Duration.ofSeconds(5))) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "Buy milk");
            SyncReport first = ann.sync();
            ListView view = ann.view("g");
            assertThat(view.pendingEdits()).isZero();
            assertThat(view.syncedVersion()).isEqualTo(2);
            assertThat(view.items()).extracting(ItemView::title).containsExactly("Buy milk");
            assertThat(first.pulled()).isEqualTo(2);
            assertThat(first.fences()).singleElement().satisfies(f -> {
                assertThat(f.fence()).isEqualTo(ann.clientId() + ":2");
                assertThat(f.outcome()).isEqualTo(FenceWait.Outcome.REACHED);
            });
            // one read, held by the server until the fence: no polling after it
            assertThat(server.catchUpQueries()).containsExactly(
                    "after=0&limit=1000&waitFor=" + ann.clientId() + "%3A2&waitMs=5000");

            int before = server.catchUpQueries().size();
            ann.complete("g", view.items().getFirst().itemId());
            SyncReport second = ann.sync();
            assertThat(catchUpsSince(before)).containsExactly(
                    "after=2&limit=1000&waitFor=" + ann.clientId() + "%3A3&waitMs=5000");
            assertThat(second.fences()).extracting(FenceWait::outcome).containsExactly(FenceWait.Outcome.REACHED);
            assertThat(ann.view("g").items().getFirst().completed()).isTrue();
            assertThat(ann.view("g").pendingEdits()).isZero();

            before = server.catchUpQueries().size();
            SyncReport nothingPushed = ann.sync();
            assertThat(nothingPushed.fences()).isEmpty(); // nothing pushed, nothing to wait for
            assertThat(catchUpsSince(before)).containsExactly("after=3&limit=1000&waitMs=0");
        }
    }

    @Test
    void aFenceNotReachedInTimeIsReportedAndTheSyncGoesOnAsBefore() throws Exception {
        server.sequenceAfter(Duration.ofMillis(1500));
        try (SyncClient ann = device("ann", Duration.ofMillis(200))) {
            ann.createList("g", "Groceries", Policy.LWW);
            SyncReport report = ann.sync();
            assertThat(report.fences()).singleElement().satisfies(f -> {
                assertThat(f.outcome()).isEqualTo(FenceWait.Outcome.NOT_REACHED);
                assertThat(f.toString()).contains("not reached within");
            });
            assertThat(report.refusals()).isEmpty();
            assertThat(ann.status().lastError()).isNull(); // not an error
            // as before the fence: sync() waited for its events to come back in the log
            assertThat(ann.view("g").pendingEdits()).isZero();
            assertThat(ann.view("g").title()).isEqualTo("Groceries");
        }
    }

    @Test
    void aServerWithoutTheFenceIsSyncedAsBefore() throws Exception {
        server.withoutFence();
        try (SyncClient ann = device("ann", Duration.ofSeconds(5))) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "Buy milk");
            SyncReport report = ann.sync();
            assertThat(report.fences()).isEmpty();
            assertThat(server.catchUpQueries()).noneMatch(q -> q.contains("waitFor"));
            assertThat(ann.view("g").pendingEdits()).isZero();
            assertThat(ann.view("g").items()).extracting(ItemView::title).containsExactly("Buy milk");
        }
    }

    @Test
    void aQueryApiThatIgnoresTheFenceIsReportedAndTheSyncGoesOnAsBefore() throws Exception {
        server.queryWithoutFence(); // the gateway sends fences, the query-api answers without fenceReached
        try (SyncClient ann = device("ann", Duration.ofSeconds(5))) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "Buy milk");
            SyncReport report = ann.sync();
            assertThat(report.fences()).extracting(FenceWait::outcome).containsExactly(FenceWait.Outcome.UNSUPPORTED);
            assertThat(ann.view("g").pendingEdits()).isZero();
            assertThat(ann.view("g").items()).extracting(ItemView::title).containsExactly("Buy milk");
            assertThat(ann.status().lastError()).isNull();
        }
    }

    @Test
    void noFenceIsAskedForWhenTheWaitIsZero() throws Exception {
        try (SyncClient ann = device("ann", Duration.ZERO)) {
            ann.createList("g", "Groceries", Policy.LWW);
            assertThat(ann.sync().fences()).isEmpty();
            assertThat(server.catchUpQueries()).noneMatch(q -> q.contains("waitFor"));
            assertThat(ann.view("g").pendingEdits()).isZero();
        }
    }
}
