package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two devices edit the same items offline and sync in both orders, on two lists per policy, through the
 * real services: the served states are equal whichever synced first, and the history endpoint explains them.
 */
@PlatformTest
class ConflictsIT {

    private static Platform platform;
    private static final long BASE = System.currentTimeMillis() - 120_000;

    private Device device(String clientId) {
        return platform.device(clientId);
    }

    /** The two lists of one policy: on "ann-first" Ann's offline edits arrive first, on "bob-first" Bob's. */
    private record Pair(String annFirst, String bobFirst) {}

    /**
     * Ann creates the list with milk and bread; both devices sync. Offline, Ann renames milk (later stamp,
     * lower count) and completes bread; Bob renames milk twice (earlier stamps, higher count) and reopens
     * bread (latest stamp). Each list then receives the two devices' batches in one order.
     */
    private Pair sync(String policy) throws Exception {
        String run = policy + "-" + System.nanoTime();
        Pair pair = new Pair("ann-first-" + run, "bob-first-" + run);
        for (String listId : List.of(pair.annFirst(), pair.bobFirst())) {
            Device creator = device("ann");
            assertThat(creator.push(listId, creator.batch(
                    creator.eventAt(BASE, "ListCreated", "\"title\":\"Shopping\",\"policy\":\"" + policy + "\""),
                    creator.eventAt(BASE + 1, "ItemAdded", item("milk", "Milk", 1, "\"ann\":1")),
                    creator.eventAt(BASE + 2, "ItemAdded", item("bread", "Bread", 1, "\"ann\":1")))).status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> creator.state(listId).status() == 200);

            String annEdits = creator.batch(
                    creator.eventAt(BASE + 10_000, "ItemRenamed", item("milk", "Oat milk", 2, "\"ann\":2")),
                    creator.eventAt(BASE + 10_001, "ItemCompleted", register("bread", 2, "\"ann\":2")));
            Device bob = device("bob");
            String bobEdits = bob.batch(
                    bob.eventAt(BASE + 5_000, "ItemRenamed", item("milk", "Soy milk", 2, "\"ann\":1,\"bob\":1")),
                    bob.eventAt(BASE + 6_000, "ItemRenamed", item("milk", "Rice milk", 3, "\"ann\":1,\"bob\":2")),
                    bob.eventAt(BASE + 20_000, "ItemReopened", register("bread", 2, "\"ann\":1,\"bob\":1")));
            boolean annFirst = listId.equals(pair.annFirst());
            assertThat(creator.push(listId, annFirst ? annEdits : bobEdits).status()).isEqualTo(202);
            assertThat(bob.push(listId, annFirst ? bobEdits : annEdits).status()).isEqualTo(202);
        }
        for (String listId : List.of(pair.annFirst(), pair.bobFirst())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> device("x").state(listId).body().get("listVersion").asLong() == 8);
        }
        return pair;
    }

    private static String item(String itemId, String title, long count, String vclock) {
        return "\"itemId\":\"" + itemId + "\",\"title\":\"" + title + "\",\"count\":" + count
                + ",\"vclock\":{" + vclock + "}";
    }

    private static String register(String itemId, long count, String vclock) {
        return "\"itemId\":\"" + itemId + "\",\"count\":" + count + ",\"vclock\":{" + vclock + "}";
    }

    private JsonNode state(String listId) throws Exception {
        Device.Response response = device("x").state(listId);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private JsonNode history(String listId, String itemId) throws Exception {
        Device.Response response = device("x").get("/v1/lists/" + listId + "/items/" + itemId + "/history");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** Items as served, keyed by itemId: the visible answer a device must show. */
    private static Map<String, JsonNode> items(JsonNode state) {
        Map<String, JsonNode> items = new HashMap<>();
        state.get("items").values().forEach(item -> items.put(item.get("itemId").asString(), item));
        return items;
    }

    /** The history entry of the client's write of {@code title}, or of its write of type {@code type}. */
    private static JsonNode entry(JsonNode history, String clientId, String typeOrTitle) {
        return history.get("entries").values().stream()
                .filter(e -> e.get("clientId").asString().equals(clientId))
                .filter(e -> e.get("type").asString().equals(typeOrTitle) || (e.get("registers").has("title")
                        && e.get("registers").get("title").get("value").asString().equals(typeOrTitle)))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + clientId + "/" + typeOrTitle + " in " + history));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lww", "counter", "vector"})
    void bothArrivalOrdersServeTheSameState(String policy) throws Exception {
        Pair pair = sync(policy);
        JsonNode a = state(pair.annFirst());
        JsonNode b = state(pair.bobFirst());
        assertThat(a.get("policy").asString()).isEqualTo(policy);
        assertThat(items(a)).isEqualTo(items(b));
        assertThat(a.get("items").get(0).get("itemId").asString()).isEqualTo("milk");

        Map<String, JsonNode> items = items(a);
        switch (policy) {
            case "lww" -> {
                assertThat(items.get("milk").get("title").asString()).isEqualTo("Oat milk");
                assertThat(items.get("bread").get("completed").asBoolean()).isFalse();
                assertThat(items.get("milk").get("conflicts").isEmpty()).isTrue();
            }
            case "counter" -> {
                assertThat(items.get("milk").get("title").asString()).isEqualTo("Rice milk");
                assertThat(items.get("bread").get("completed").asBoolean()).isFalse(); // tie on count: lww
            }
            case "vector" -> {
                assertThat(items.get("milk").get("title").asString()).isEqualTo("Oat milk"); // sibling, greatest stamp
                assertThat(items.get("milk").get("conflicts").get("title").values())
                        .extracting(JsonNode::asString).containsExactlyInAnyOrder("Oat milk", "Rice milk");
                assertThat(items.get("bread").get("conflicts").get("completed").values())
                        .extracting(JsonNode::asBoolean).containsExactlyInAnyOrder(true, false);
            }
            default -> throw new IllegalArgumentException(policy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lww", "counter", "vector"})
    void historyExplainsTheStateInBothOrders(String policy) throws Exception {
        Pair pair = sync(policy);
        for (String listId : List.of(pair.annFirst(), pair.bobFirst())) {
            JsonNode milk = history(listId, "milk");
            assertThat(milk.get("policy").asString()).isEqualTo(policy);
            assertThat(milk.get("deleted").asBoolean()).isFalse();
            assertThat(milk.get("entries")).hasSize(4);
            JsonNode oat = entry(milk, "ann", "Oat milk").get("registers").get("title");
            JsonNode soy = entry(milk, "bob", "Soy milk").get("registers").get("title");
            JsonNode rice = entry(milk, "bob", "Rice milk").get("registers").get("title");
            long oatVersion = entry(milk, "ann", "Oat milk").get("listVersion").asLong();
            long riceVersion = entry(milk, "bob", "Rice milk").get("listVersion").asLong();
            switch (policy) {
                case "lww" -> {
                    assertThat(oat.get("outcome").asString()).isEqualTo("won");
                    assertThat(rice.get("outcome").asString()).isEqualTo("lost");
                    assertThat(rice.get("lostTo").asLong()).isEqualTo(oatVersion);
                    assertThat(soy.get("lostTo").asLong()).isEqualTo(oatVersion);
                }
                case "counter" -> {
                    assertThat(rice.get("outcome").asString()).isEqualTo("won");
                    assertThat(oat.get("outcome").asString()).isEqualTo("lost");
                    assertThat(oat.get("lostTo").asLong()).isEqualTo(riceVersion);
                }
                case "vector" -> {
                    assertThat(oat.get("outcome").asString()).isEqualTo("sibling");
                    assertThat(rice.get("outcome").asString()).isEqualTo("sibling");
                    assertThat(soy.get("outcome").asString()).isEqualTo("superseded");
                }
                default -> throw new IllegalArgumentException(policy);
            }
            JsonNode added = entry(milk, "ann", "ItemAdded");
            assertThat(added.get("listVersion").asLong()).isEqualTo(2);
            assertThat(added.get("vclock").get("ann").asLong()).isEqualTo(1);
            assertThat(added.get("at").get("ms").asLong()).isEqualTo(BASE + 1);
        }
    }

    @Test
    void whatIfFoldsTheLogUnderAnotherPolicyAndChangesNothing() throws Exception {
        Pair pair = sync("lww");
        Device reader = device("x");

        Device.Response counter = reader.get("/v1/lists/" + pair.annFirst() + "?policy=counter");
        assertThat(counter.status()).isEqualTo(200);
        assertThat(counter.body().get("policy").asString()).isEqualTo("counter");
        assertThat(counter.body().get("projection").asString()).isEqualTo("what-if");
        assertThat(items(counter.body()).get("milk").get("title").asString()).isEqualTo("Rice milk");
        assertThat(counter.body().get("differsFromActual").values()).extracting(JsonNode::asString).containsExactly("milk");

        Device.Response same = reader.get("/v1/lists/" + pair.annFirst() + "?policy=lww");
        assertThat(same.body().get("differsFromActual").isEmpty()).isTrue();
        assertThat(items(same.body())).isEqualTo(items(state(pair.annFirst())));

        JsonNode actual = state(pair.annFirst());
        assertThat(actual.get("policy").asString()).isEqualTo("lww");
        assertThat(actual.has("differsFromActual")).isFalse();
        assertThat(items(actual).get("milk").get("title").asString()).isEqualTo("Oat milk");
    }

    @Test
    void badOrUnknownTargetsAreClearErrors() throws Exception {
        Pair pair = sync("vector");
        Device reader = device("x");

        Device.Response badPolicy = reader.get("/v1/lists/" + pair.annFirst() + "?policy=newest");
        assertThat(badPolicy.status()).isEqualTo(400);
        assertThat(badPolicy.body().get("errors").get(0).get("field").asString()).isEqualTo("policy");

        Device.Response badItem = reader.get("/v1/lists/" + pair.annFirst() + "/items/no%20such/history");
        assertThat(badItem.status()).isEqualTo(400);
        assertThat(badItem.body().get("errors").get(0).get("field").asString()).isEqualTo("itemId");

        assertThat(reader.get("/v1/lists/" + pair.annFirst() + "/items/cheese/history").status()).isEqualTo(404);
        assertThat(reader.get("/v1/lists/nope-" + System.nanoTime() + "/items/milk/history").status()).isEqualTo(404);
        assertThat(reader.get("/v1/lists/nope-" + System.nanoTime() + "?policy=lww").status()).isEqualTo(404);
    }
}
