package io.offlinesync.todo;

import io.offlinesync.client.ListView;
import io.offlinesync.client.ListWatch;
import io.offlinesync.client.RetryPolicy;
import io.offlinesync.client.SyncClient;
import io.offlinesync.client.SyncClientConfig;
import io.offlinesync.client.SyncListener;
import io.offlinesync.client.SyncReport;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.domain.Policy;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code todo} app: shared todo lists that work offline, one device profile per {@code --profile}. Each
 * subcommand opens the profile's store, does its work and closes it; edits never need the server.
 */
@Command(name = "todo", mixinStandardHelpOptions = true, version = "todo 0.1.0",
        description = "Shared todo lists that work offline. Edits are kept on this device and synced with `todo sync`.",
        footer = {"", "Exit codes: 0 ok, 1 bad input or state, 3 server unreachable (edits are kept)."})
public final class TodoCommand {

    static final int UNREACHABLE = 3;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
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

    public static void main(String[] args) {
        // the SDK logs through java.util.logging: a command line shows its warnings only, unless TODO_VERBOSE is set
        if (System.getenv("TODO_VERBOSE") == null) {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: plain one-line messages, exit codes as in the footer. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TodoCommand());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (e instanceof ServerUnreachableException) {
                err.println("todo: the server is unreachable: " + e.getMessage());
                err.println("todo: your edits are kept on this device; run `todo sync` again when the server is up");
                return UNREACHABLE;
            }
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                err.println("todo: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
    }

    // ---- lists -------------------------------------------------------------------------------------------

    @Command(name = "lists", description = "Lists the lists this profile follows.")
    void lists() {
        try (SyncClient device = open()) {
            if (device.lists().isEmpty()) {
                out().println("no lists yet: `todo create LIST TITLE` or `todo join LIST`");
            }
            device.lists().forEach(id -> out().println(ListPrinter.summary(device.view(id))));
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
        try (SyncClient device = open()) {
            device.renameItem(id(listId), itemId, title);
            out().println(itemId + " renamed to \"" + title + "\"");
        }
    }

    @Command(name = "done", description = "Marks an item done.")
    void done(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "ITEM") String itemId) {
        try (SyncClient device = open()) {
            device.complete(id(listId), itemId);
            out().println(itemId + " done");
        }
    }

    @Command(name = "reopen", description = "Marks an item not done.")
    void reopen(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "ITEM") String itemId) {
        try (SyncClient device = open()) {
            device.reopen(id(listId), itemId);
            out().println(itemId + " reopened");
        }
    }

    @Command(name = "rm", description = "Deletes an item (final).")
    void rm(@Parameters(paramLabel = "LIST") String listId, @Parameters(paramLabel = "ITEM") String itemId) {
        try (SyncClient device = open()) {
            device.delete(id(listId), itemId);
            out().println(itemId + " removed");
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

    @Command(name = "watch", description = "Prints a list's changes as they arrive, until interrupted (Ctrl-C).")
    void watch(@Parameters(paramLabel = "LIST") String listId,
               @Option(names = "--changes", paramLabel = "N", description = "stop after N changes (default: never)")
               Integer changes) throws InterruptedException {
        try (SyncClient device = open()) {
            device.follow(id(listId));
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger seen = new AtomicInteger();
            ChangePrinter printer = new ChangePrinter(out(), device.view(listId));
            ListPrinter.print(device.view(listId), out());
            out().flush();
            device.addListener(new SyncListener() {
                @Override
                public void onChange(ListView view) {
                    if (printer.print(view) && changes != null && seen.incrementAndGet() >= changes) {
                        done.countDown();
                    }
                }
            });
            try (ListWatch watch = device.watch(listId)) {
                done.await();
            }
        }
    }

    @Command(name = "status", description = "Shows pending edits, cursors, server heads, the last error and rejections.")
    void status() {
        try (SyncClient device = open()) {
            out().println("profile " + profile + " (clientId " + device.clientId() + ") in " + home);
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
        if (!PROFILE.matcher(profile).matches()) {
            throw new IllegalArgumentException("a profile name is 1 to 40 letters, digits, - or _: " + profile);
        }
        return SyncClient.open(new SyncClientConfig(home.resolve(profile + ".db"), profile, gateway, query,
                RetryPolicy.QUICK, System::currentTimeMillis));
    }

    private static String id(String listId) {
        if (!ID.matcher(listId).matches()) {
            throw new IllegalArgumentException("a list id is 1 to 64 letters, digits, - or _: " + listId);
        }
        return listId;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
