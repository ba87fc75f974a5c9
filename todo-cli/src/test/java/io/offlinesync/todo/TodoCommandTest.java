package io.offlinesync.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.client.FakeSyncServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The todo app's commands, run as `todo ...` would be, with their output captured. */
class TodoCommandTest {

    @TempDir
    Path home;
    FakeSyncServer server;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        server = new FakeSyncServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run todo(String profile, String... args) {
        return todoAt(server.url().toString(), profile, args);
    }

    private Run todoAt(String url, String profile, String... args) {
        CommandLine cl = TodoCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--profile", profile,
                "--gateway", url, "--query", url));
        all.addAll(List.of(args));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void editsWorkWithTheServerDownAndSyncSaysSoPlainly() {
        String down = "http://127.0.0.1:9";
        assertThat(todoAt(down, "ann", "create", "groceries", "Groceries", "--policy", "vector").out())
                .isEqualTo("created list groceries \"Groceries\" (vector)\n");
        String milk = todoAt(down, "ann", "add", "groceries", "Buy milk").out().trim();
        assertThat(milk).matches("[0-9a-f]{6}");
        assertThat(todoAt(down, "ann", "done", "groceries", milk).exit()).isZero();

        Run sync = todoAt(down, "ann", "sync");
        assertThat(sync.exit()).isEqualTo(TodoCommand.UNREACHABLE);
        assertThat(sync.err()).contains("the server is unreachable", "connection refused", "edits are kept");

        assertThat(todoAt(down, "ann", "ls", "groceries").out()).isEqualTo(
                "Groceries (groceries, vector, v0, 3 edits pending)\n  [x] " + milk + "  Buy milk *\n");
        Run status = todoAt(down, "ann", "status");
        assertThat(status.out()).contains("3 edits pending", "groceries \"Groceries\": cursor v0, server head v0, 3 pending",
                "last error: push to http://127.0.0.1:9 failed: connection refused");
    }

    @Test
    void twoProfilesShareAList() {
        todo("ann", "create", "groceries", "Groceries");
        String milk = todo("ann", "add", "groceries", "Buy milk").out().trim();
        String eggs = todo("ann", "add", "groceries", "Eggs").out().trim();
        Run sync = todo("ann", "sync");
        assertThat(sync.exit()).isZero();
        assertThat(sync.out()).isEqualTo("groceries: sent 3, received 3, at v3\n");

        Run join = todo("bob", "join", "groceries");
        assertThat(join.out()).isEqualTo("groceries: joined from the server's snapshot at v3, sent 0, received 0, at v3\njoined groceries \"Groceries\": 2 items\n");
        assertThat(todo("bob", "rename", "groceries", milk, "Buy oat milk").out()).isEqualTo(milk + " renamed to \"Buy oat milk\"\n");
        assertThat(todo("bob", "rm", "groceries", eggs).out()).isEqualTo(eggs + " removed\n");
        assertThat(todo("bob", "done", "groceries", milk).exit()).isZero();
        assertThat(todo("bob", "reopen", "groceries", milk).exit()).isZero();
        assertThat(todo("bob", "sync").out()).isEqualTo("groceries: sent 4, received 4, at v7\n");
        todo("ann", "sync");
        assertThat(todo("ann", "ls", "groceries").out())
                .isEqualTo("Groceries (groceries, lww, v7)\n  [ ] " + milk + "  Buy oat milk\n");
        assertThat(todo("ann", "lists").out()).isEqualTo("groceries  \"Groceries\"  1 items  v7\n");
    }

    @Test
    void badInputGetsAPlainMessageAndExitCodeOne() {
        todo("ann", "create", "groceries", "Groceries");
        Run unknownItem = todo("ann", "done", "groceries", "nope");
        assertThat(unknownItem.exit()).isEqualTo(1);
        assertThat(unknownItem.err()).isEqualTo("todo: no item nope in list groceries\n");
        Run unknownList = todo("ann", "add", "other", "x");
        assertThat(unknownList.err()).isEqualTo("todo: no list other on this device; create or join it first\n");
        Run policy = todo("ann", "create", "x", "X", "--policy", "newest");
        assertThat(policy.exit()).isEqualTo(1);
        assertThat(policy.err()).contains("unknown policy newest");
        assertThat(todo("ann", "create", "bad list", "X").err()).contains("a list id is 1 to 64 letters");
    }

    @Test
    void rejectedEditsShowInSyncAndStatus() {
        todo("ann", "create", "groceries", "Groceries");
        todo("ann", "sync");
        todo("bob", "create", "groceries", "Also groceries");
        Run sync = todo("bob", "sync");
        assertThat(sync.out()).contains("groceries v2: ListCreated #1 rejected (list-exists)");
        assertThat(todo("bob", "status").out()).contains("rejected edits:", "ListCreated #1 rejected (list-exists)");
        assertThat(todo("bob", "ls", "groceries").out()).startsWith("Groceries (groceries, lww, v2)");
    }

    @Test
    void anEditRefusedForGoodIsSetAsideShownAndDiscardedWhileTheRestSyncs() {
        server.refuseTitle("bad");
        todo("ann", "create", "groceries", "Groceries");
        todo("ann", "add", "groceries", "bad");
        todo("ann", "add", "groceries", "Eggs");
        Run sync = todo("ann", "sync");
        assertThat(sync.exit()).isZero();
        assertThat(sync.out()).contains("groceries: sent 2", "set aside (refused for good): groceries ",
                "ItemAdded: title: is refused by this test");
        assertThat(todo("ann", "ls", "groceries").out()).contains("Eggs").doesNotContain("bad");
        Run status = todo("ann", "status");
        assertThat(status.out()).contains("0 edits pending", "set-aside edits (refused for good, kept here;",
                "ItemAdded: title: is refused by this test");
        String id = status.out().lines().filter(l -> l.contains("ItemAdded: title:")).findFirst().orElseThrow()
                .trim().split("\\s+")[1];

        Run unknown = todo("ann", "discard", "groceries", "ffffffff");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no set-aside edit ffffffff in list groceries");
        Run discard = todo("ann", "discard", "groceries", id);
        assertThat(discard.exit()).isZero();
        assertThat(discard.out()).isEqualTo("discarded " + id + "\n");
        assertThat(todo("ann", "status").out()).doesNotContain("set-aside edits");
    }

    @Test
    void aListLimitRejectionNamesTheLimit() {
        server.limitItems(1);
        todo("ann", "create", "groceries", "Groceries");
        todo("ann", "add", "groceries", "Milk");
        todo("ann", "add", "groceries", "Eggs");
        assertThat(todo("ann", "sync").out())
                .contains("groceries v3: ItemAdded #3 rejected (list-limit: the list's items limit is reached)");
        assertThat(todo("ann", "status").out()).contains("rejected edits:", "list-limit: the list's items limit");
    }

    @Test
    void watchPrintsChangesAsTheyArrive() throws Exception {
        todo("ann", "create", "groceries", "Groceries");
        todo("ann", "sync");
        todo("bob", "join", "groceries");
        CompletableFuture<Run> watch = CompletableFuture.supplyAsync(
                () -> todo("bob", "watch", "groceries", "--changes", "1"));
        String milk = todo("ann", "add", "groceries", "Buy milk").out().trim();
        todo("ann", "sync");
        Run watched = watch.get(20, TimeUnit.SECONDS);
        assertThat(watched.exit()).isZero();
        assertThat(watched.out()).isEqualTo("Groceries (groceries, lww, v1)\n  (no items)\n+ [ ] " + milk + "  Buy milk\n");
    }
}
