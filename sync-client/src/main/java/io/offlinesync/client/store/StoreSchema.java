package io.offlinesync.client.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.LogEntryJson;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's tables and their version ({@code meta.schema}). Version 2 changed what {@code lists.snapshot}
 * means: it used to be a display-only state shown while the whole log downloaded; now it is the base of the
 * fold (a state with registers, see the module README) and the stored log holds only the entries after it.
 * Version 3 added {@code lists.server_client_seq} (the last clientSeq of this device the server consumed, as
 * the pulled log shows it: renumbering starts after it) and the {@code set_aside} table (events the gateway
 * refused for good). Version 4 added the {@code session} table (the signed-in session's tokens, one row at most,
 * {@link SessionTable}); a version 3 file gets it empty, so its user signs in once. Opening an older file migrates it
 * in place (version 3 computes {@code server_client_seq} from the stored log); a file of a newer SDK is refused with
 * a clear error.
 */
final class StoreSchema {

    static final int VERSION = 4;

    private static final String TABLES = """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS lists (list_id TEXT PRIMARY KEY, cursor INTEGER NOT NULL DEFAULT 0,
                server_head INTEGER NOT NULL DEFAULT 0, next_client_seq INTEGER NOT NULL DEFAULT 1,
                snapshot_version INTEGER NOT NULL DEFAULT 0, snapshot TEXT,
                server_client_seq INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS log (list_id TEXT NOT NULL, list_version INTEGER NOT NULL,
                entry TEXT NOT NULL, PRIMARY KEY (list_id, list_version));
            CREATE TABLE IF NOT EXISTS pending (list_id TEXT NOT NULL, client_seq INTEGER NOT NULL,
                event_id TEXT NOT NULL UNIQUE, event TEXT NOT NULL, PRIMARY KEY (list_id, client_seq));
            CREATE TABLE IF NOT EXISTS rejections (list_id TEXT NOT NULL, list_version INTEGER NOT NULL,
                entry TEXT NOT NULL, event_type TEXT NOT NULL, PRIMARY KEY (list_id, list_version));
            CREATE TABLE IF NOT EXISTS set_aside (event_id TEXT PRIMARY KEY, list_id TEXT NOT NULL,
                client_seq INTEGER NOT NULL, event TEXT NOT NULL, reason TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS session (id INTEGER PRIMARY KEY CHECK (id = 1), issuer TEXT NOT NULL,
                token_endpoint TEXT NOT NULL, revocation_endpoint TEXT, client_id TEXT NOT NULL, user_id TEXT NOT NULL,
                username TEXT NOT NULL, access_token TEXT NOT NULL, access_expires_ms INTEGER, refresh_token TEXT,
                refresh_expires_ms INTEGER);
            """;

    private StoreSchema() {
    }

    /** Creates or migrates the tables; runs inside the caller's transaction. */
    static void apply(Connection db) throws SQLException {
        boolean existing = hasTable(db, "lists");
        try (Statement s = db.createStatement()) {
            for (String ddl : TABLES.split(";")) {
                if (!ddl.isBlank()) {
                    s.execute(ddl);
                }
            }
        }
        int version = version(db, existing);
        if (version > VERSION) {
            throw new IllegalStateException("the profile was written by a newer sync-client (store schema " + version
                    + ", this one knows up to " + VERSION + "); upgrade the app or use another profile");
        }
        if (version < 2) {
            // v1 kept the whole log from listVersion 1 next to a display-only snapshot: the log alone is the fold
            try (Statement s = db.createStatement()) {
                s.executeUpdate("UPDATE lists SET snapshot = NULL, snapshot_version = 0");
            }
        }
        if (version < 3) {
            addServerClientSeq(db);
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO meta (key, value) VALUES ('schema', ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, Integer.toString(VERSION));
            ps.executeUpdate();
        }
    }

    /** Adds {@code lists.server_client_seq} if missing and fills it from this device's entries in the stored log. */
    private static void addServerClientSeq(Connection db) throws SQLException {
        boolean present = false;
        try (PreparedStatement ps = db.prepareStatement("SELECT name FROM pragma_table_info('lists')");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                present |= rs.getString(1).equals("server_client_seq");
            }
        }
        if (!present) {
            try (Statement s = db.createStatement()) {
                s.execute("ALTER TABLE lists ADD COLUMN server_client_seq INTEGER NOT NULL DEFAULT 0");
            }
        }
        String me;
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = 'clientId'");
             ResultSet rs = ps.executeQuery()) {
            me = rs.next() ? rs.getString(1) : null;
        }
        Map<String, Long> last = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT list_id, entry FROM log"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LogEntry entry = LogEntryJson.read(rs.getString(2));
                if (entry.clientId().equals(me)) {
                    last.merge(rs.getString(1), ServerSeq.of(entry), Math::max);
                }
            }
        }
        try (PreparedStatement ps = db.prepareStatement("UPDATE lists SET server_client_seq = ? WHERE list_id = ?")) {
            for (Map.Entry<String, Long> e : last.entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.executeUpdate();
            }
        }
    }

    /** The file's version: its {@code meta.schema}, 1 for an older file without one, the current for a new file. */
    private static int version(Connection db, boolean existing) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = 'schema'");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return Integer.parseInt(rs.getString(1));
            }
        }
        return existing ? 1 : VERSION;
    }

    private static boolean hasTable(Connection db, String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
