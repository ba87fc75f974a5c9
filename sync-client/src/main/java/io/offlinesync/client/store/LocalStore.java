package io.offlinesync.client.store;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.ClientEventJson;
import io.offlinesync.protocol.LogEntryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A device profile's durable state in one SQLite file: the synced log and cursor of every list it follows,
 * its pending (not yet seen in the log) events, the next clientSeq per list, its hybrid logical clock and the
 * rejections of its own events. Every method is one transaction ({@code BEGIN IMMEDIATE}, so several
 * processes on one profile serialize), and {@link #write} groups several into one. A list joined from the
 * server's snapshot keeps that snapshot (with every register's writes) and only the log entries after it.
 * The per-register {@code count} and {@code vclock} a device stamps edits with are not stored apart: they
 * are the fold of snapshot plus stored log plus the pending events.
 */
public final class LocalStore implements AutoCloseable {

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private static final System.Logger LOG = System.getLogger(LocalStore.class.getName());

    private final Connection db;
    private int depth;

    private LocalStore(Connection db) {
        this.db = db;
    }

    /** Opens (creating if needed) the store in {@code file}; a new store gets a fresh clientId. */
    public static LocalStore open(Path file, String clientIdPrefix) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OwnerOnly.restrict(file.toAbsolutePath());
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL"); // a committed edit survives a power cut too
            }
            LocalStore store = new LocalStore(db);
            store.write(() -> {
                StoreSchema.apply(db);
                if (store.meta("clientId") == null) {
                    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
                    store.putMeta("clientId", clientIdPrefix + "-" + suffix);
                }
                return null;
            });
            return store;
        } catch (Exception e) {
            throw new StoreException("cannot open store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction; nested calls join the outer one. */
    public synchronized <T> T write(Work<T> work) {
        boolean outer = depth == 0;
        try {
            if (outer) {
                exec("BEGIN IMMEDIATE");
            }
            depth++;
            T result;
            try {
                result = work.run();
            } finally {
                depth--;
            }
            if (outer) {
                exec("COMMIT");
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (outer) {
                try {
                    exec("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("store: " + e.getMessage(), e);
        }
    }

    public String clientId() {
        return write(() -> meta("clientId"));
    }

    public Hlc clock() {
        return write(() -> {
            String ms = meta("hlc.ms");
            return ms == null ? new Hlc(0, 0) : new Hlc(Long.parseLong(ms), Long.parseLong(meta("hlc.n")));
        });
    }

    public void saveClock(Hlc hlc) {
        write(() -> {
            putMeta("hlc.ms", Long.toString(hlc.ms()));
            putMeta("hlc.n", Long.toString(hlc.n()));
            return null;
        });
    }

    /** Where the profile keeps its signed-in session (the {@code session} table). */
    public io.offlinesync.client.auth.SessionStorage sessions() {
        return new SessionTable(this);
    }

    /**
     * The username that last signed in on this profile (kept after signing out), or null. Its clientId writes for that
     * user on the lists it follows, so another user needs a profile of their own.
     */
    public String user() {
        return write(() -> meta("user"));
    }

    public void saveUser(String username) {
        write(() -> {
            putMeta("user", username);
            return null;
        });
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(write(() -> meta("lastError")));
    }

    /** Records the last sync error; null clears it. */
    public void saveLastError(String error) {
        write(() -> {
            if (error == null) {
                update("DELETE FROM meta WHERE key = 'lastError'");
            } else {
                putMeta("lastError", error);
            }
            return null;
        });
    }

    /** Starts following {@code listId} (nothing changes if it is followed already). */
    public void follow(String listId) {
        write(() -> update("INSERT OR IGNORE INTO lists (list_id) VALUES (?)", listId));
    }

    public List<StoredList> lists() {
        return write(() -> storedLists("ORDER BY list_id"));
    }

    public Optional<StoredList> list(String listId) {
        return write(() -> storedLists("WHERE list_id = ?", listId).stream().findFirst());
    }

    private List<StoredList> storedLists(String where, Object... args) throws SQLException {
        List<StoredList> lists = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT list_id, cursor, server_head, next_client_seq, snapshot_version, "
                + "server_client_seq FROM lists " + where, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lists.add(new StoredList(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)));
            }
        }
        return lists;
    }

    /**
     * Joins a list from the server's snapshot (a state with registers, at {@code listVersion}): kept as the
     * base of the list's fold, the cursor set to its listVersion so only the tail is pulled, the clock moved
     * past the snapshot's stamps. Only for a list the device has nothing of (no log, nothing pending).
     */
    public void joinFromSnapshot(String listId, long listVersion, String json, Hlc clock) {
        write(() -> {
            follow(listId);
            StoredList stored = list(listId).orElseThrow();
            if (stored.cursor() != 0 || stored.nextClientSeq() != 1) {
                throw new IllegalStateException("list " + listId + " has a log or own events here already");
            }
            update("UPDATE lists SET snapshot_version = ?, snapshot = ?, cursor = ?, server_head = max(server_head, ?) "
                    + "WHERE list_id = ?", listVersion, json, listVersion, listVersion, listId);
            saveClock(clock);
            return null;
        });
    }

    /** The snapshot the list was joined from (the base of its fold), if it was. */
    public Optional<String> snapshot(String listId) {
        return Optional.ofNullable(write(() -> text("SELECT snapshot FROM lists WHERE list_id = ?", listId)));
    }

    /** The projection the app derived with when it last opened this profile; empty before the first such open. */
    public Optional<LastDerivation> lastDerivation() {
        return write(() -> {
            String name = meta("derivation.name");
            return name == null ? Optional.<LastDerivation>empty()
                    : Optional.of(new LastDerivation(name, meta("derivation.id"),
                            Integer.parseInt(meta("derivation.version"))));
        });
    }

    public void saveLastDerivation(LastDerivation derivation) {
        write(() -> {
            putMeta("derivation.name", derivation.name());
            putMeta("derivation.id", derivation.id());
            putMeta("derivation.version", Integer.toString(derivation.version()));
            return null;
        });
    }

    /**
     * How many of the entries a snapshot join skipped (listVersion 1 to the snapshot's) are stored by now: the
     * download of that prefix goes on after them. 0 for a list that was not joined from a snapshot.
     */
    public long storedPrefix(String listId) {
        return write(() -> {
            long snapshotVersion = list(listId).orElseThrow().snapshotVersion();
            String count = text("SELECT count(*) FROM log WHERE list_id = ? AND list_version <= ?", listId,
                    snapshotVersion);
            return snapshotVersion == 0 ? 0 : Long.parseLong(count);
        });
    }

    /**
     * Stores entries of the log prefix a snapshot join skipped (those at or below the snapshot's listVersion; the
     * others are ignored). Once the whole prefix is here the snapshot is dropped, in the same transaction: the
     * stored log alone is then the list's whole log, the base of any projection's fold. Returns whether it was.
     * The prefix holds no own events (a list is only joined when the device has none on it), so nothing else moves.
     */
    public boolean storeLogPrefix(String listId, List<LogEntry> entries) {
        return write(() -> {
            long snapshotVersion = list(listId).orElseThrow().snapshotVersion();
            if (snapshotVersion == 0) {
                return true;
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT OR IGNORE INTO log (list_id, list_version, entry) VALUES (?, ?, ?)")) {
                for (LogEntry entry : entries) {
                    if (entry.listVersion() > snapshotVersion) {
                        continue;
                    }
                    insert.setString(1, listId);
                    insert.setLong(2, entry.listVersion());
                    insert.setString(3, LogEntryJson.write(entry));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            if (storedPrefix(listId) < snapshotVersion) {
                return false;
            }
            update("UPDATE lists SET snapshot = NULL, snapshot_version = 0 WHERE list_id = ?", listId);
            return true;
        });
    }

    /**
     * Commits a new local event: queued as pending, the list's next clientSeq advanced, the clock saved.
     * {@code event.clientSeq()} must be the list's {@link StoredList#nextClientSeq()}.
     */
    public void addPending(String listId, ClientEvent event, Hlc clock) {
        write(() -> {
            follow(listId);
            update("INSERT INTO pending (list_id, client_seq, event_id, event) VALUES (?, ?, ?, ?)",
                    listId, event.clientSeq(), event.eventId(), ClientEventJson.write(event));
            update("UPDATE lists SET next_client_seq = ? WHERE list_id = ?", event.clientSeq() + 1, listId);
            saveClock(clock);
            return null;
        });
    }

    /** The list's pending events in clientSeq order. */
    public List<ClientEvent> pending(String listId) {
        return write(() -> {
            List<ClientEvent> events = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT event FROM pending WHERE list_id = ? ORDER BY client_seq")) {
                ps.setString(1, listId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(ClientEventJson.read(rs.getString(1)));
                    }
                }
            }
            return events;
        });
    }

    /** Feeds the stored log entries of the list with listVersion above {@code after} to {@code sink}, in order. */
    public void forEachLogEntry(String listId, long after, Consumer<LogEntry> sink) {
        write(() -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT entry FROM log WHERE list_id = ? AND list_version > ? ORDER BY list_version")) {
                ps.setString(1, listId);
                ps.setLong(2, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(LogEntryJson.read(rs.getString(1)));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Appends pulled log entries (those at or below the cursor are skipped), moves the cursor, notes the
     * server's head, and settles the pending queue by the entries ({@link PendingExit}). Returns the own rejections met.
     * Then renumbers the pending queue if the log shows this device's clientSeqs consumed by other events or a
     * number it will never send ({@link Renumbering}), in the same transaction. {@code serverClientSeq} is the
     * page's {@code clientSeqs} entry of this device, given only for a page that is up to date (it is as of the
     * head), else null.
     */
    public List<OwnRejection> appendLog(String listId, List<LogEntry> entries, long serverHead, Hlc clock,
                                        Long serverClientSeq) {
        return write(() -> {
            follow(listId);
            String me = meta("clientId");
            long cursor = list(listId).orElseThrow().cursor();
            long serverSeq = serverClientSeq == null ? 0 : serverClientSeq;
            Map<String, String> pendingTypes = pendingTypes(listId);
            List<OwnRejection> rejections = new ArrayList<>();
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT OR IGNORE INTO log (list_id, list_version, entry) VALUES (?, ?, ?)")) {
                for (LogEntry entry : entries) {
                    if (entry.listVersion() <= cursor) {
                        continue;
                    }
                    cursor = entry.listVersion();
                    insert.setString(1, listId);
                    insert.setLong(2, entry.listVersion());
                    insert.setString(3, LogEntryJson.write(entry));
                    insert.addBatch();
                    PendingExit exit = PendingExit.of(entry, me);
                    if (exit == PendingExit.NOT_OURS) {
                        continue;
                    }
                    serverSeq = Math.max(serverSeq, ServerSeq.of(entry));
                    if (entry instanceof LogEntry.Rejected r) {
                        String type = pendingTypes.getOrDefault(r.eventId(), "?");
                        update("INSERT OR IGNORE INTO rejections (list_id, list_version, entry, event_type) "
                                + "VALUES (?, ?, ?, ?)", listId, r.listVersion(), LogEntryJson.write(r), type);
                        rejections.add(new OwnRejection(listId, r, type));
                    }
                    if (exit.leaves()) {
                        update("DELETE FROM pending WHERE event_id = ?", entry.eventId());
                    }
                }
                insert.executeBatch();
            }
            update("UPDATE lists SET cursor = ?, server_head = max(server_head, ?), "
                    + "server_client_seq = max(server_client_seq, ?) WHERE list_id = ?", cursor, serverHead, serverSeq, listId);
            saveClock(clock);
            renumber(listId);
            return rejections;
        });
    }

    /**
     * Sets pending events aside for good (the gateway refused them as invalid): they leave the queue, keep
     * their content and the reason, and the rest of the queue is renumbered so no hole is left. One
     * transaction. {@code reasons} maps eventId to the refusal's detail.
     */
    public List<SetAsideEvent> setAside(String listId, Map<String, String> reasons) {
        return write(() -> {
            List<SetAsideEvent> moved = PendingExit.refused(listId, pending(listId), reasons);
            for (SetAsideEvent refused : moved) {
                ClientEvent event = refused.event();
                update("INSERT INTO set_aside (event_id, list_id, client_seq, event, reason) VALUES (?, ?, ?, ?, ?)",
                        event.eventId(), listId, event.clientSeq(), ClientEventJson.write(event), refused.reason());
                update("DELETE FROM pending WHERE event_id = ?", event.eventId());
            }
            renumber(listId);
            return moved;
        });
    }

    /** Every event set aside, oldest first. */
    public List<SetAsideEvent> setAside() {
        return write(() -> {
            List<SetAsideEvent> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT list_id, event, reason FROM set_aside ORDER BY rowid"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SetAsideEvent(rs.getString(1), ClientEventJson.read(rs.getString(2)), rs.getString(3)));
                }
            }
            return out;
        });
    }

    /** Deletes a set-aside event for good; false when there is none with that eventId on the list. */
    public boolean discard(String listId, String eventId) {
        return write(() -> update("DELETE FROM set_aside WHERE list_id = ? AND event_id = ?", listId, eventId) > 0);
    }

    /**
     * Renumbers the list's pending queue when the server's numbering for this device (as far as the stored log
     * shows) asks for it ({@link Renumbering}); runs inside the caller's transaction.
     */
    private void renumber(String listId) throws SQLException {
        StoredList stored = list(listId).orElseThrow();
        Renumbering plan = Renumbering.plan(pending(listId), stored.serverClientSeq(), stored.nextClientSeq(),
                () -> UUID.randomUUID().toString());
        if (!plan.changes(stored.nextClientSeq())) {
            return;
        }
        for (ClientEvent old : plan.moved()) {
            update("DELETE FROM pending WHERE event_id = ?", old.eventId());
        }
        for (ClientEvent event : plan.renumbered()) {
            update("INSERT INTO pending (list_id, client_seq, event_id, event) VALUES (?, ?, ?, ?)",
                    listId, event.clientSeq(), event.eventId(), ClientEventJson.write(event));
        }
        update("UPDATE lists SET next_client_seq = ? WHERE list_id = ?", plan.nextClientSeq(), listId);
        if (!plan.moved().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "list {0}: renumbered {1} pending events from #{2} (fresh eventIds), "
                    + "so they follow this device''s last clientSeq on the server, #{3}, without a gap", listId,
                    plan.moved().size(), plan.renumbered().getFirst().clientSeq(), stored.serverClientSeq());
        }
    }

    /** Every rejection of this device's events, oldest first. */
    public List<OwnRejection> rejections() {
        return write(() -> {
            List<OwnRejection> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT list_id, entry, event_type FROM rejections ORDER BY rowid")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OwnRejection(rs.getString(1), (LogEntry.Rejected) LogEntryJson.read(rs.getString(2)),
                                rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close store: " + e.getMessage(), e);
        }
    }


    /** The connection, for the store's other tables ({@link SessionTable}); only inside {@link #write}. */
    Connection connection() {
        return db;
    }

    private Map<String, String> pendingTypes(String listId) throws SQLException {
        Map<String, String> types = new HashMap<>();
        for (ClientEvent e : pending(listId)) {
            types.put(e.eventId(), e.body().type());
        }
        return types;
    }

    private String meta(String key) throws SQLException {
        return text("SELECT value FROM meta WHERE key = ?", key);
    }

    private void putMeta(String key, String value) throws SQLException {
        update("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                key, value);
    }

    private String text(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }
}
