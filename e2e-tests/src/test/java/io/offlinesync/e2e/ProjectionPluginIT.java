package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.client.SyncClient;
import io.offlinesync.client.SyncClientConfig;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.domain.Policy;
import io.offlinesync.examples.archive.ArchiveProjection;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A projection that is not the platform's own, installed as a jar (examples/archive-projection, v3 todo-archive, on
 * the class path as a team's jar would be), taken through an operator's whole path on a real broker, registry and
 * issuer: replayed beside the live versions with progress and ETA, compared (the gate), activated only once confirmed,
 * run live by the projector after a restart with new settings, rolled back; and a device that ships v3 re-derives its
 * lists from its local log, nothing downloaded, and agrees with the server's v3 before and after the switch. The
 * query-api serves v1, v2 and v3 throughout; the projector runs v1 and v2, then v3 too.
 */
@PlatformTest(args = "query:--sync.projections=v1,v2,v3")
class ProjectionPluginIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PLATFORM_FIELDS = List.of("listId", "projection", "listVersion", "clientSeqs",
            "source");
    private static final int LISTS = 3;
    private static Platform platform;

    @TempDir
    Path dir;

    private SyncClient device(SyncClientConfig config) {
        return SyncClient.open(config.withTokens(TokenSource.fixed(platform.token())));
    }

    private SyncClientConfig profile() {
        return SyncClientConfig.of(dir.resolve("ann.db"), "ann-laptop", URI.create(platform.gatewayUrl()),
                URI.create(platform.queryUrl()));
    }

    @Test
    void aProjectionFromAJarIsReplayedComparedActivatedAndRolledBackAndADeviceFollowsTheSwitch() throws Exception {
        List<String> lists = new ArrayList<>();
        try (SyncClient ann = device(profile())) { // the app as shipped: the platform's todo-list fold (v2)
            for (int i = 0; i < LISTS; i++) {
                String listId = "arch-" + i + "-" + System.nanoTime();
                lists.add(listId);
                ann.createList(listId, "List " + i, Policy.LWW);
                String milk = ann.addItem(listId, "Milk");
                ann.addItem(listId, "Eggs");
                ann.complete(listId, milk);
            }
            ann.sync();
        }
        Device reader = platform.device("reader");
        for (String listId : lists) {
            await("v2 folded " + listId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> reader.get("/v1/lists/" + listId + "?projection=v2").status() == 200);
        }
        assertThat(reader.get("/v1/lists/" + lists.getFirst() + "?projection=v3").status())
                .as("served, but nothing folded v3 yet").isEqualTo(404);

        // replay v3 in the operator's process: progress with an ETA, then caught up
        OperatorCli.Run replay = OperatorCli.run(platform, "replay", "--version", "3");
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.err()).contains("ETA").contains("v3 caught up with todo.events into todo.lists.v3");
        for (String listId : lists) {
            JsonNode v3 = reader.get("/v1/lists/" + listId + "?projection=v3").body();
            assertThat(v3.get("projection").asString()).isEqualTo("v3");
            assertThat(v3.get("items").size()).isEqualTo(2);
            assertThat(v3.get("archived").size()).as("completed seconds ago, not a week").isZero();
            assertThat(v3.get("logTime").asLong()).isPositive();
        }

        // the app ships v3: the device re-derives every list from its local log, nothing downloaded
        try (SyncClient ann = device(profile().withProjection(ArchiveProjection.INSTANCE))) {
            assertThat(ann.derivation().changed()).isTrue();
            assertThat(ann.derivation().lists()).isEqualTo(LISTS);
            assertThat(ann.derivation().current().name()).isEqualTo("v3");
            for (String listId : lists) {
                assertThat(view(ann.derivedView(listId))).as(listId)
                        .isEqualTo(withoutPlatformFields(reader.get("/v1/lists/" + listId + "?projection=v3").body()));
            }
        }

        // diff: v3 shares v2's items and title but drops v2's digest and item times, and adds its own fields
        OperatorCli.Run diff = OperatorCli.run(platform, "diff", "--from", "v2", "--to", "v3");
        assertThat(diff.exit()).as(diff.out() + diff.err()).isEqualTo(1);
        assertThat(diff.out()).contains(LISTS + " of " + LISTS + " lists differ between v2 and v3")
                .contains("stateHash: only in v2").contains("v3 adds (not a disagreement): ")
                .contains("archived order").contains("logTime");
        assertThat(OperatorCli.run(platform, "diff", "--from", "v1", "--to", "v3").exit())
                .as("v3 only adds to v1's fields").isZero();

        // activate v2 (it only adds to v1's fields: no question), then v3, which asks; "n" leaves v2 served
        OperatorCli.Run toV2 = OperatorCli.run(platform, "activate", "--version", "2");
        assertThat(toV2.exit()).as(toV2.err()).isZero();
        assertThat(toV2.out()).doesNotContain("anyway?").contains("active: v2 (previous: v1)");
        OperatorCli.Run declined = withInput("n\n", () -> OperatorCli.run(platform, "activate", "--version", "3"));
        assertThat(declined.exit()).isEqualTo(1);
        assertThat(declined.out()).contains("comparing v2 (active) with v3").contains("activate v3 anyway? [y/N]");
        assertThat(declined.err()).contains("not activated: v2 and v3 disagree");
        await().atMost(Duration.ofSeconds(20)).until(() -> projectionServed(reader, lists.getFirst()).equals("v2"));
        OperatorCli.Run confirmed = OperatorCli.run(platform, "activate", "--version", "3", "--yes");
        assertThat(confirmed.exit()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("active: v3 (previous: v2)");
        await("served v3").atMost(Duration.ofSeconds(20))
                .until(() -> projectionServed(reader, lists.getFirst()).equals("v3"));

        // the deployment now runs v3 live, from where the replay committed: a new edit reaches the device's view
        platform.restartProjector("--sync.projections=v1,v2,v3");
        String listId = lists.getFirst();
        try (SyncClient ann = device(profile().withProjection(ArchiveProjection.INSTANCE))) {
            assertThat(ann.derivation().changed()).as("the same projection as last time").isFalse();
            assertThat(ann.serverProjections().active()).isEqualTo("v3");
            ann.addItem(listId, "Bread");
            ann.sync();
            await("v3 folds the new edit").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> reader.state(listId).body().get("items").size() == 3);
            JsonNode served = reader.state(listId).body();
            assertThat(served.get("projection").asString()).isEqualTo("v3");
            assertThat(view(ann.derivedView(listId))).isEqualTo(withoutPlatformFields(served));
            assertThat(view(ann.serverState(listId).orElseThrow())).isEqualTo(withoutPlatformFields(served));
        }

        OperatorCli.Run rollback = OperatorCli.run(platform, "rollback");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("active: v2 (previous: v3)");
        await("served v2 again").atMost(Duration.ofSeconds(20))
                .until(() -> projectionServed(reader, listId).equals("v2"));
        assertThat(OperatorCli.run(platform, "status").out()).contains("v3 ").contains("todo-archive");
    }

    private static String projectionServed(Device reader, String listId) throws Exception {
        return reader.state(listId).body().get("projection").asString();
    }

    /** As JSON text read back, so numbers compare as the server's do (3 is 3 whether int or long). */
    private static JsonNode view(Map<String, Object> view) {
        return JSON.readTree(JSON.writeValueAsString(withoutPlatformFields(view)));
    }

    private static Map<String, Object> withoutPlatformFields(Map<String, Object> body) {
        Map<String, Object> view = new LinkedHashMap<>(body);
        PLATFORM_FIELDS.forEach(view::remove);
        return view;
    }

    private static JsonNode withoutPlatformFields(JsonNode body) {
        var view = body.deepCopy();
        if (view instanceof tools.jackson.databind.node.ObjectNode object) {
            PLATFORM_FIELDS.forEach(object::remove);
        }
        return view;
    }

    /** Runs {@code run} with {@code text} as standard input: an operator typing the answer. */
    private static OperatorCli.Run withInput(String text, java.util.function.Supplier<OperatorCli.Run> run) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(before);
        }
    }
}
