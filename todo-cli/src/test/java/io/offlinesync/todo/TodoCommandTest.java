package io.offlinesync.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.client.FakeIssuer;
import io.offlinesync.client.FakeSyncServer;
import io.offlinesync.domain.projection.TodoListProjection;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
        return run(url, profile, "", Map.of(), args);
    }

    /** `todo ...` with {@code stdin} as standard input and {@code env} as the environment TODO_PASSWORD is read from. */
    private Run run(String url, String profile, String stdin, Map<String, String> env, String... args) {
        CommandLine cl = TodoCommand.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env::get);
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
        // a server that checks no tokens lists no one's lists: the profile's list is shown as followed only
        assertThat(todo("ann", "lists").out()).isEqualTo("groceries  \"Groceries\"  followed, not on the server (or no longer yours)\n");
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
        assertThat(todo("ann", "share", "g", "not a user").err()).contains("a user id is 1 to 64 letters");
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

    @Test
    void watchFollowsSeveralListsOverOneStream() throws Exception {
        todo("ann", "create", "groceries", "Groceries");
        todo("ann", "create", "chores", "Chores");
        todo("ann", "sync");
        todo("bob", "join", "groceries");
        todo("bob", "join", "chores");
        CompletableFuture<Run> watch = CompletableFuture.supplyAsync(
                () -> todo("bob", "watch", "groceries", "chores", "--changes", "2"));
        String milk = todo("ann", "add", "groceries", "Buy milk").out().trim();
        String tea = todo("ann", "add", "chores", "Make tea").out().trim();
        todo("ann", "sync");
        Run watched = watch.get(20, TimeUnit.SECONDS);
        assertThat(watched.exit()).isZero();
        assertThat(watched.out()).startsWith("Groceries (groceries, lww, v1)\n  (no items)\nChores (chores, lww, v1)\n  (no items)\n")
                .contains("groceries: + [ ] " + milk + "  Buy milk\n", "chores: + [ ] " + tea + "  Make tea\n");
        assertThat(server.streamRequests()).isNotEmpty().allMatch(lists -> lists.split(",").length == 2);
    }

    @Test
    void watchLongPollsWhenTheQueryApiHasNoStreamOrWhenAskedTo() throws Exception {
        todo("ann", "create", "groceries", "Groceries");
        todo("ann", "sync");
        todo("bob", "join", "groceries");
        server.answerStreams(FakeSyncServer.StreamAnswer.NOT_FOUND); // a query-api before the live stream
        for (String[] args : List.of(new String[] {"watch", "groceries", "--changes", "1"},
                new String[] {"watch", "groceries", "--changes", "1", "--long-poll"})) {
            int streamsBefore = server.streamRequests().size();
            CompletableFuture<Run> watch = CompletableFuture.supplyAsync(() -> todo("bob", args));
            String item = todo("ann", "add", "groceries", "Item " + args.length).out().trim();
            todo("ann", "sync");
            Run watched = watch.get(20, TimeUnit.SECONDS);
            assertThat(watched.exit()).isZero();
            assertThat(watched.out()).contains("+ [ ] " + item + "  Item " + args.length + "\n");
            if (args.length == 5) {
                assertThat(server.streamRequests()).hasSize(streamsBefore); // --long-poll: the stream is not asked for
            }
        }
        assertThat(todo("bob", "status").out()).contains("the live stream is not available");
    }

    @Test
    void projectionsShowsTheServersAndTheOneThisDeviceDerivesWith() {
        Run run = todo("ann", "projections");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("v1  todo-list  previous\nv2  todo-list  active\n"
                + "this device derives with v2 (todo-list)\n");
        server.serveProjections("v1", null, List.of(TodoListProjection.V1));
        assertThat(todo("ann", "projections").out()).isEqualTo("v1  todo-list  active\n"
                + "this device derives with v2 (todo-list) (not served by this server)\n");
        Run down = todoAt("http://127.0.0.1:9", "ann", "projections");
        assertThat(down.exit()).isEqualTo(TodoCommand.UNREACHABLE);
        assertThat(down.out()).isEqualTo("this device derives with v2 (todo-list)\n");
    }

    // ---- signing in (a server that checks tokens and membership, an issuer in memory) ---------------------

    /** `todo --profile NAME login NAME --password-stdin` against {@code issuer}. */
    private Run login(FakeIssuer issuer, String name) {
        return run(server.url().toString(), name, name + "\n", Map.of(), "login", name, "--password-stdin",
                "--issuer", issuer.url().toString());
    }

    @Test
    void loginWhoamiAndLogoutKeepTheSessionInTheProfile() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer()) {
            server.trust(issuer);
            Run login = login(issuer, "ann");
            assertThat(login.exit()).isZero();
            assertThat(login.out()).startsWith("signed in as ann at " + issuer.url() + "\naccess token until ")
                    .contains("(in ", "renewed automatically");
            Run whoami = todo("ann", "whoami");
            assertThat(whoami.out()).startsWith("ann at " + issuer.url() + "\naccess token until ");
            assertThat(todo("ann", "status").out()).contains("signed in as ann at " + issuer.url());

            todo("ann", "create", "groceries", "Groceries");
            assertThat(todo("ann", "sync").out()).isEqualTo("groceries: sent 1, received 1, at v1\n");
            assertThat(server.authorizations()).allMatch(h -> h.startsWith("Bearer "));

            assertThat(todo("ann", "logout").out()).isEqualTo("signed out ann\n");
            assertThat(issuer.activeRefreshTokens()).isZero();
            Run after = todo("ann", "whoami");
            assertThat(after.exit()).isEqualTo(TodoCommand.NOT_SIGNED_IN);
            assertThat(after.err()).isEqualTo("todo: not signed in on profile ann\n"
                    + "todo: run `todo --profile ann login` to sign in; your edits are kept on this device\n");
            assertThat(todo("ann", "logout").out()).isEqualTo("not signed in\n");
        }
    }

    @Test
    void thePasswordComesFromTheEnvironmentAndTheUserDefaultsToTheProfile() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer()) {
            server.trust(issuer);
            Run login = run(server.url().toString(), "bob", "", Map.of("TODO_PASSWORD", "bob"), "login",
                    "--issuer", issuer.url().toString());
            assertThat(login.exit()).isZero();
            assertThat(login.out()).startsWith("signed in as bob at ");
            Run noTerminal = run(server.url().toString(), "carol", "", Map.of(), "login", "--issuer", issuer.url().toString());
            assertThat(noTerminal.exit()).isEqualTo(1);
            assertThat(noTerminal.err()).contains("no terminal to ask for the password: use --password-stdin or TODO_PASSWORD");
            Run nameless = run(server.url().toString(), "default", "x\n", Map.of(), "login", "--password-stdin");
            assertThat(nameless.err()).contains("say who signs in: `todo login USER`");
        }
    }

    @Test
    void aWrongPasswordIsRefusedPlainlyWithoutEchoingIt() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer()) {
            Run login = run(server.url().toString(), "ann", "hunter2\n", Map.of(), "login", "ann", "--password-stdin",
                    "--issuer", issuer.url().toString());
            assertThat(login.exit()).isEqualTo(1);
            assertThat(login.err()).contains("refused the sign-in of ann", "invalid_grant").doesNotContain("hunter2");
            assertThat(todo("ann", "whoami").exit()).isEqualTo(TodoCommand.NOT_SIGNED_IN);
            Run noIssuer = run(server.url().toString(), "ann", "ann\n", Map.of(), "login", "--password-stdin",
                    "--issuer", "http://127.0.0.1:9");
            assertThat(noIssuer.exit()).isEqualTo(TodoCommand.UNREACHABLE);
        }
    }

    @Test
    void withoutASessionEditsWorkAndServerCommandsSayToLogIn() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer()) {
            server.trust(issuer);
            assertThat(todo("ann", "create", "groceries", "Groceries").exit()).isZero();
            Run sync = todo("ann", "sync");
            assertThat(sync.exit()).isEqualTo(TodoCommand.NOT_SIGNED_IN);
            assertThat(sync.err()).contains("not signed in: ", "answered 401",
                    "run `todo --profile ann login` to sign in; your edits are kept");
            assertThat(todo("ann", "ls", "groceries").out()).contains("1 edits pending");
            assertThat(todo("ann", "status").out()).contains("not signed in (`todo login`)",
                    "last error: not signed in");
            assertThat(todo("ann", "lists").exit()).isEqualTo(TodoCommand.NOT_SIGNED_IN);

            login(issuer, "ann");
            assertThat(todo("ann", "sync").out()).isEqualTo("groceries: sent 1, received 1, at v1\n");
        }
    }

    @Test
    void listsShowsTheUsersListsOnTheServerWithRolesAndWhichAreFollowedAndMembersShowsWho() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer()) {
            server.trust(issuer);
            login(issuer, "ann");
            login(issuer, "bob");
            todo("ann", "create", "groceries", "Groceries");
            todo("ann", "create", "weekend", "Weekend");
            todo("ann", "sync");
            todo("ann", "create", "later", "Later"); // not synced yet
            server.addMember("groceries", "bob", "editor");
            server.addMember("weekend", "bob", "viewer");
            todo("bob", "join", "weekend");

            assertThat(todo("ann", "lists").out()).isEqualTo("""
                    groceries  "Groceries"  owner  v1  followed
                    weekend  "Weekend"  owner  v1  followed
                    later  "Later"  followed, not on the server yet (1 edits pending)
                    """);
            assertThat(todo("bob", "lists").out()).isEqualTo("""
                    groceries  "Groceries"  editor  v1
                    weekend  "Weekend"  viewer  v1  followed
                    """);
            assertThat(todo("bob", "members", "groceries").out()).isEqualTo("ann  owner\nbob  editor\n");
            Run none = todo("bob", "members", "later");
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.err()).contains("no list later on the server for you");
        }
    }

    @Test
    void anEditTheUserMayNotWriteIsSetAsideAsForbidden() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer()) {
            server.trust(issuer);
            login(issuer, "ann");
            login(issuer, "bob");
            todo("ann", "create", "weekend", "Weekend");
            todo("ann", "sync");
            server.addMember("weekend", "bob", "viewer");
            todo("bob", "join", "weekend");
            todo("bob", "add", "weekend", "Beer");
            Run sync = todo("bob", "sync");
            assertThat(sync.exit()).isZero();
            assertThat(sync.out()).contains("set aside (refused for good): weekend ", "ItemAdded: forbidden");
            assertThat(todo("bob", "status").out()).contains("set-aside edits", "ItemAdded: forbidden");
        }
    }
}
