package io.offlinesync.todo;

import io.offlinesync.client.auth.SessionInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the app shows who is signed in and until when (never a token). */
final class SessionPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
            .withZone(ZoneId.systemDefault());

    private SessionPrinter() {
    }

    /** {@code ann} or, for an issuer whose {@code sub} is not the name, {@code 5f1c... (ann)}. */
    static String who(SessionInfo session) {
        return session.userId() + (session.username().equals(session.userId()) ? "" : " (" + session.username() + ")");
    }

    /** One line: until when the access token works and whether it renews itself. */
    static String validity(SessionInfo session, Instant now) {
        String access = session.accessExpiresAt() == null ? "access token of unknown lifetime"
                : session.accessExpiresAt().isAfter(now)
                        ? "access token until " + TIME.format(session.accessExpiresAt()) + " (in "
                                + span(Duration.between(now, session.accessExpiresAt())) + ")"
                        : "access token expired at " + TIME.format(session.accessExpiresAt());
        String renewal = !session.renewable() ? "; no refresh token: `todo login` again when it expires"
                : session.refreshExpiresAt() == null ? "; renewed automatically"
                        : "; renewed automatically until " + TIME.format(session.refreshExpiresAt());
        return access + renewal;
    }

    private static String span(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes > 0 ? minutes + " min"
                : Math.max(0, d.toSeconds()) + " s";
    }
}
