package io.offlinesync.todo;

import io.offlinesync.client.ListView;
import io.offlinesync.client.RetryPolicy;
import io.offlinesync.client.ProjectionRef;
import io.offlinesync.client.ServerList;
import io.offlinesync.client.ServerProjections;
import io.offlinesync.client.SyncClient;
import io.offlinesync.client.SyncClientConfig;
import io.offlinesync.client.SyncListener;
import io.offlinesync.client.SyncReport;
import io.offlinesync.client.WatchSettings;
import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.auth.SessionInfo;
import io.offlinesync.client.auth.SignInRefusedException;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.protocol.ProtocolRules;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code todo} app: shared todo lists that work offline, one device profile per {@code --profile}. Each
 * subcommand opens the profile's store, does its work and closes it; edits never need the server. A profile signs
 * in once ({@code todo login}); every command that talks to the server sends the session's token, renewed as needed.
 */
@Command(name = "todo", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "todo 0.1.0",
        description = "Shared todo lists that work offline. Edits are kept on this device and synced with `todo sync`.",
        footer = {"", "Exit codes: 0 ok, 1 bad input or state, 3 server unreachable (edits are kept),",
                "4 not signed in (`todo login`; edits are kept)."})
public final class TodoCommand {

    static final int UNREACHABLE = 3;
    static final int NOT_SIGNED_IN = 4;
    /** The local stack's public client for command lines (no secret; password and refresh_token grants). */
    static final String CLI_CLIENT_ID = "offline-sync-cli";
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", scope = CommandLine.ScopeType.INHERIT, defaultValue = "${env:TODO_PROFILE:-default}",
            description = "device profile (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--gateway", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:TODO_GATEWAY:-http://localhost:8081}", description = "ingest-gateway URL (default: ${DEFAULT-VALUE})")
    URI gateway;

    @Option(names = "--query", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:TODO_QUERY:-http://localhost:8082}", description = "query-api URL (default: ${DEFAULT-VALUE})")
    URI query;

    @Option(names = "--home", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:TODO_HOME:-${sys:user.home}/.offline-sync}",
            description = "where profiles are stored, one SQLite file each (default: ${DEFAULT-VALUE})")
    Path home;

    private final Password password;

    TodoCommand(Password password) {
        this.password = password;
    }

    public static void main(String[] args) {
        // the SDK logs through java.util.logging: a command line shows its warnings only, unless TODO_VERBOSE is set
        if (System.getenv("TODO_VERBOSE") == null) {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: plain one-line messages, exit codes as in the footer. */
    public static CommandLine commandLine() {
        return commandLine(System.in, System::getenv);
    }

    /** {@link #commandLine()} reading {@code --password-stdin} and {@code TODO_PASSWORD} from these (tests). */
    static CommandLine commandLine(InputStream stdin, Function<String, String> env) {
        TodoCommand todo = new TodoCommand(new Password(stdin, env));
        CommandLine cl = new CommandLine(todo);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (e instanceof ServerUnreachableException) {
                err.println("todo: the server is unreachable: " + e.getMessage());
                err.println("todo: your edits are kept on this device; run `todo sync` again when the server is up");
                return UNREACHABLE;
            }
            if (e instanceof NotSignedInException) {
                err.println("todo: " + e.getMessage());
                err.println("todo: run `todo" + todo.profileOption() + " login` to sign in; your edits are kept on this device");
                return NOT_SIGNED_IN;
            }
            if (e instanceof SignInRefusedException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException) {
                err.println("todo: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
    }

    // ---- signing in --------------------------------------------------------------------------------------

    @Command(name = "login", description = "Signs this profile in at the OpenID Connect issuer; later commands send "
            + "its token, renewed as needed. The password comes from --password-stdin, else TODO_PASSWORD, else "
            + "the terminal (not echoed).")
    void login(@Parameters(paramLabel = "USER", arity = "0..1",
                       description = "user name (default: the profile's name)") String user,
               @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
               boolean passwordStdin,
               @Option(names = "--issuer", defaultValue = "${env:OIDC_ISSUER_URI:-http://localhost:8084}",
                       description = "issuer URL, where /.well-known/openid-configuration is (default: ${DEFAULT-VALUE})")
               URI issuer,
               @Option(names = "--client-id", defaultValue = "${env:OIDC_CLIENT_ID:-" + CLI_CLIENT_ID + "}",
                       description = "the issuer's public client for this app (default: ${DEFAULT-VALUE})")
               String clientId) throws Exception {
        String name = user != null ? user : defaultUser();
        if (!ProtocolRules.isIdentifier(name)) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, - or _: " + name);
        }
        char[] secret = password.read(passwordStdin, name);
        try (SyncClient device = open()) {
            SessionInfo session = device.signIn(issuer, clientId, name, secret);
            out().println("signed in as " + SessionPrinter.who(session) + " at " + session.issuer());
            out().println(SessionPrinter.validity(session, Instant.now()));
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    @Command(name = "logout", description = "Signs this profile out (its refresh token is revoked when the issuer can be reached).")
    void logout() throws InterruptedException {
        try (SyncClient device = open()) {
            Optional<SessionInfo> session = device.session();
            device.signOut();
            out().println(session.map(s -> "signed out " + SessionPrinter.who(s)).orElse("not signed in"));
        }
    }

    @Command(name = "whoami", description = "Shows who is signed in on this profile (the token's sub) and until when.")
    void whoami() {
        try (SyncClient device = open()) {
            SessionInfo session = device.session().orElseThrow(
                    () -> new NotSignedInException("not signed in on profile " + profile));
            out().println(SessionPrinter.who(session) + " at " + session.issuer());
            out().println(SessionPrinter.validity(session, Instant.now()));
        }
    }

    // ---- lists -------------------------------------------------------------------------------------------

    @Command(name = "lists", description = "Lists your lists on the server with your role, and which this profile "
            + "follows; without the server, the ones it follows.")
    void lists() throws Exception {
        try (SyncClient device = open()) {
            List<ServerList> mine;
            try {
                mine = device.serverLists();
            } catch (ServerUnreachableException e) {
                device.lists().forEach(id -> out().println(ListPrinter.summary(device.view(id))));
                throw e; // exit 3, with the lists the device has printed
            }
            Set<String> followed = Set.copyOf(device.lists());
            if (mine.isEmpty() && followed.isEmpty()) {
                out().println("no lists yet: `todo create LIST TITLE` or `todo join LIST`");
            }
            mine.forEach(list -> out().println(ListPrinter.serverList(list, followed.contains(list.listId()))));
            Set<String> onServer = mine.stream().map(ServerList::listId).collect(java.util.stream.Collectors.toSet());
            device.lists().stream().filter(id -> !onServer.contains(id))
                    .forEach(id -> out().println(ListPrinter.followedOnly(device.view(id))));
        }
    }

    @Command(name = "members", description = "Shows a list's members on the server and their roles.")
    void members(@Parameters(paramLabel = "LIST") String listId) throws Exception {
        try (SyncClient device = open()) {
            Map<String, String> members = device.members(id(listId)).orElseThrow(() -> new IllegalArgumentException(
                    "no list " + listId + " on the server for you (unknown, not created yet, or you are not a member)"));
            if (members.isEmpty()) {
                out().println(listId + ": the server names no members (it predates protocol v1.1)");
            }
            members.forEach((user, role) -> out().println(user + "  " + role));
        }
    }

    @Command(name = "projections", description = "Shows the projections the server serves (which is active, which "
            + "came before) and the one this device derives its lists with.")
    void projections() throws Exception {
        try (SyncClient device = open()) {
            String mine = "this device derives with " + device.derivation().current();
            ServerProjections served;
            try {
                served = device.serverProjections();
            } catch (ServerUnreachableException e) {
                out().println(mine);
                throw e; // exit 3, with what the device knows printed
            }
            for (ProjectionRef p : served.projections()) {
                String role = p.name().equals(served.active()) ? "  active"
                        : p.name().equals(served.previous()) ? "  previous" : "";
                out().println(p.name() + "  " + p.id() + role);
            }
            out().println(mine + (served.serves(device.derivation().current().name()) ? ""
                    : " (not served by this server)"));
        }
    }

    @Command(name = "share", description = "Gives USER a role on a list you own (a MemberAdded event: works offline, "
            + "decided by the list's log on the next sync; an existing member's role changes).")
    void share(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "USER") String user,
               @Option(names = "--role", defaultValue = "editor", description = "owner, editor or viewer (default editor)")
               String role) {
        Role r = Role.fromWireName(role)
                .orElseThrow(() -> new IllegalArgumentException("unknown role " + role + " (owner, editor, viewer)"));
        try (SyncClient device = open()) {
            device.addMember(id(listId), userId(user), r);
            out().println(user + " is to be " + r.wireName() + " of " + listId + " (sent on the next sync)");
        }
    }

    @Command(name = "unshare", description = "Removes USER from a list you own (a MemberRemoved event; the last owner "
            + "cannot be removed).")
    void unshare(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "USER") String user) {
        try (SyncClient device = open()) {
            device.removeMember(id(listId), userId(user));
            out().println(user + " is to leave " + listId + " (sent on the next sync)");
        }
    }

    @Command(name = "create", description = "Creates a list (works offline; shared on the next sync).")
    void create(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "TITLE") String title,
                @Option(names = "--policy", defaultValue = "lww", description = "conflict policy: lww, counter or vector")
                String policy) {
        Policy p = Policy.fromWireName(policy)
                .orElseThrow(() -> new IllegalArgumentException("unknown policy " + policy + " (lww, counter, vector)"));
        try (SyncClient device = open()) {
            device.createList(id(listId), title, p);
            out().println("created list " + listId + " \"" + title + "\" (" + p.wireName() + ")");
        }
    }

    @Command(name = "join", description = "Starts following a list created elsewhere and downloads it.")
    void join(@Parameters(paramLabel = "LIST") String listId) throws Exception {
        try (SyncClient device = open()) {
            device.follow(id(listId));
            sync(device, listId);
            ListView view = device.view(listId);
            if (!view.created()) {
                out().println("following " + listId + "; the server has no such list yet");
            } else {
                out().println("joined " + listId + " \"" + view.title() + "\": " + view.items().size() + " items");
            }
        }
    }

    @Command(name = "ls", description = "Shows a list's items; * marks edits not synced yet, ! conflicts.")
    void ls(@Parameters(paramLabel = "LIST") String listId) {
        try (SyncClient device = open()) {
            ListPrinter.print(device.view(id(listId)), out());
        }
    }

    // ---- item edits ----------------------------------------------------------------------------------------

    @Command(name = "add", description = "Adds an item and prints its new itemId.")
    void add(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "TITLE") String title) {
        try (SyncClient device = open()) {
            out().println(device.addItem(id(listId), title));
        }
    }

    @Command(name = "rename", description = "Renames an item.")
    void rename(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "ITEM") String itemId,
                @Parameters(paramLabel = "TITLE") String title) {
        editItem(listId, itemId, (device, list) -> device.renameItem(list, itemId, title),
                "renamed to \"" + title + "\"");
    }

    @Command(name = "done", description = "Marks an item done.")
    void done(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "ITEM") String itemId) {
        editItem(listId, itemId, (device, list) -> device.complete(list, itemId), "done");
    }

    @Command(name = "reopen", description = "Marks an item not done.")
    void reopen(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "ITEM") String itemId) {
        editItem(listId, itemId, (device, list) -> device.reopen(list, itemId), "reopened");
    }

    @Command(name = "rm", description = "Deletes an item (final).")
    void rm(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "ITEM") String itemId) {
        editItem(listId, itemId, (device, list) -> device.delete(list, itemId), "removed");
    }

    /** One edit of an item of a list, then the itemId and {@code outcome} printed. */
    private void editItem(String listId, String itemId, BiConsumer<SyncClient, String> edit, String outcome) {
        try (SyncClient device = open()) {
            edit.accept(device, id(listId));
            out().println(itemId + " " + outcome);
        }
    }

    // ---- sync --------------------------------------------------------------------------------------------

    @Command(name = "sync", description = "Sends pending edits and downloads what changed, for every list.")
    void sync() throws Exception {
        try (SyncClient device = open()) {
            if (device.lists().isEmpty()) {
                out().println("no lists to sync");
            }
            for (String listId : device.lists()) {
                sync(device, listId);
            }
        }
    }

    private void sync(SyncClient device, String listId) throws Exception {
        ProgressBar bar = new ProgressBar(err());
        device.addListener(bar);
        SyncReport report = device.sync(listId);
        bar.finish();
        ListView view = device.view(listId);
        out().println(listId + ": " + (report.joinedAt() > 0 ? "joined from the server's snapshot at v" + report.joinedAt()
                + ", " : "") + "sent " + report.pushed() + ", received " + report.pulled() + ", at v"
                + view.syncedVersion() + (view.pendingEdits() > 0 ? ", " + view.pendingEdits() + " still pending" : ""));
        report.rejections().forEach(r -> out().println("  " + r));
        report.setAside().forEach(s -> out().println("  set aside (refused for good): " + ListPrinter.setAside(s)));
        report.refusals().forEach(r -> err().println("todo: " + r));
    }

    @Command(name = "watch", description = "Prints the changes of one or more lists as they arrive, and sends edits "
            + "made meanwhile, until interrupted (Ctrl-C). All the lists come over one live stream from the query-api; "
            + "where it cannot be had (an older query-api, a proxy that buffers it) each list is long-polled instead.")
    void watch(@Parameters(paramLabel = "LIST", arity = "1..*") List<String> listIds,
               @Option(names = "--changes", paramLabel = "N", description = "stop after N changes (default: never)")
               Integer changes,
               @Option(names = "--long-poll", description = "long-poll each list instead of using the live stream")
               boolean longPoll) throws InterruptedException {
        List<String> ids = listIds.stream().map(TodoCommand::id).distinct().toList();
        try (SyncClient device = open(longPoll ? WatchSettings.LONG_POLL : WatchSettings.DEFAULT)) {
            ids.forEach(device::follow);
            Map<String, ChangePrinter> printers = new LinkedHashMap<>();
            for (String listId : ids) {
                ListView view = device.view(listId);
                ListPrinter.print(view, out());
                printers.put(listId, new ChangePrinter(out(), view, ids.size() > 1 ? listId + ": " : ""));
            }
            out().flush();
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger seen = new AtomicInteger();
            Set<String> ended = ConcurrentHashMap.newKeySet();
            device.addListener(new SyncListener() {
                @Override
                public void onChange(ListView view) {
                    ChangePrinter printer = printers.get(view.listId());
                    if (printer != null && printer.print(view) && changes != null && seen.incrementAndGet() >= changes) {
                        done.countDown();
                    }
                }

                @Override
                public void onWatchEnded(String listId, String reason) {
                    err().println("todo: " + listId + ": no longer watched: " + reason);
                    err().flush();
                    if (ended.add(listId) && ended.size() == ids.size()) {
                        done.countDown();
                    }
                }
            });
            device.watch(ids); // closing the device ends every watch at once (one by one would reopen the stream)
            done.await();
            if (ended.size() == ids.size()) {
                throw new IllegalStateException("no list left to watch");
            }
        }
    }

    @Command(name = "status", description = "Shows pending edits, cursors, server heads, the last error and rejections.")
    void status() {
        try (SyncClient device = open()) {
            out().println("profile " + profile + " (clientId " + device.clientId() + ") in " + home);
            out().println(device.session().map(s -> "signed in as " + SessionPrinter.who(s) + " at " + s.issuer() + "; "
                    + SessionPrinter.validity(s, Instant.now())).orElse("not signed in (`todo login`)"));
            ListPrinter.status(device.status(), out());
        }
    }

    @Command(name = "discard", description = "Deletes an edit the server refused for good (shown as set aside by `todo status`).")
    void discard(@Parameters(paramLabel = "LIST") String listId,
                 @Parameters(paramLabel = "ID", description = "the set-aside edit's id as `todo status` shows it (or its full eventId)")
                 String eventId) {
        try (SyncClient device = open()) {
            if (!device.discard(id(listId), eventId)) {
                throw new IllegalArgumentException("no set-aside edit " + eventId + " in list " + listId
                        + " (see `todo status`)");
            }
            out().println("discarded " + eventId);
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------------------

    private SyncClient open() {
        return open(WatchSettings.DEFAULT);
    }

    private SyncClient open(WatchSettings watch) {
        if (!PROFILE.matcher(profile).matches()) {
            throw new IllegalArgumentException("a profile name is 1 to 40 letters, digits, - or _: " + profile);
        }
        return SyncClient.open(new SyncClientConfig(home.resolve(profile + ".db"), profile, gateway, query,
                RetryPolicy.QUICK, System::currentTimeMillis).withWatch(watch));
    }

    /** Without a USER: the profile's name, except for the profile nobody named. */
    private String defaultUser() {
        if (profile.equals("default")) {
            throw new IllegalArgumentException("say who signs in: `todo login USER` (or use --profile USER)");
        }
        return profile;
    }

    /** How to repeat the profile in a hint: nothing for the default one. */
    private String profileOption() {
        return profile == null || profile.equals("default") ? "" : " --profile " + profile;
    }

    private static String id(String listId) {
        return identifier("a list id", listId);
    }

    private static String userId(String userId) {
        return identifier("a user id", userId);
    }

    private static String identifier(String what, String value) {
        if (!ProtocolRules.isIdentifier(value)) {
            throw new IllegalArgumentException(what + " is 1 to 64 letters, digits, - or _: " + value);
        }
        return value;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
