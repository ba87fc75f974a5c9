package io.offlinesync.client.store;

import io.offlinesync.client.auth.AccessToken;
import io.offlinesync.client.auth.SavedSession;
import io.offlinesync.client.auth.SessionStorage;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * The profile's signed-in session, one row of the store's {@code session} table. It lives in the profile's SQLite
 * file rather than a file of its own: it is the profile's (deleting the profile signs it out), the store's
 * transactions already serialize the processes that share a profile, so a renewal by a {@code todo watch} is seen by
 * a {@code todo sync} beside it, and the file is private to its owner ({@link OwnerOnly}).
 */
final class SessionTable implements SessionStorage {

    private final LocalStore store;

    SessionTable(LocalStore store) {
        this.store = store;
    }

    @Override
    public Optional<SavedSession> load() {
        return store.write(() -> {
            try (PreparedStatement ps = store.connection().prepareStatement("SELECT issuer, token_endpoint, "
                    + "revocation_endpoint, client_id, user_id, username, access_token, access_expires_ms, refresh_token, "
                    + "refresh_expires_ms FROM session WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String revocation = rs.getString(3);
                return Optional.of(new SavedSession(URI.create(rs.getString(1)), URI.create(rs.getString(2)),
                        revocation == null ? null : URI.create(revocation), rs.getString(4), rs.getString(5),
                        rs.getString(6), new AccessToken(rs.getString(7), instant(rs, 8)), rs.getString(9),
                        instant(rs, 10)));
            }
        });
    }

    @Override
    public void save(SavedSession s) {
        store.write(() -> {
            try (PreparedStatement ps = store.connection().prepareStatement("INSERT OR REPLACE INTO session (id, issuer, "
                    + "token_endpoint, revocation_endpoint, client_id, user_id, username, access_token, access_expires_ms, "
                    + "refresh_token, refresh_expires_ms) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.issuer().toString());
                ps.setString(2, s.tokenEndpoint().toString());
                ps.setString(3, s.revocationEndpoint() == null ? null : s.revocationEndpoint().toString());
                ps.setString(4, s.clientId());
                ps.setString(5, s.userId());
                ps.setString(6, s.username());
                ps.setString(7, s.access().value());
                ps.setObject(8, s.access().expiresAt() == null ? null : s.access().expiresAt().toEpochMilli());
                ps.setString(9, s.refreshToken());
                ps.setObject(10, s.refreshExpiresAt() == null ? null : s.refreshExpiresAt().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void clear() {
        store.write(() -> {
            try (PreparedStatement ps = store.connection().prepareStatement("DELETE FROM session")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Instant instant(ResultSet rs, int column) throws java.sql.SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }
}
