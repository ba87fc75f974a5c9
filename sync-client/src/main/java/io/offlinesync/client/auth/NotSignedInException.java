package io.offlinesync.client.auth;

/**
 * The server wants a sign-in the SDK cannot give: no token, a token refused again after a refresh, or a session
 * the issuer ended (its refresh token refused or expired). Nothing is lost: edits stay pending until a sync with a
 * valid session. Unchecked, like the store's errors, so that {@code sync()} keeps its signature; an app catches it
 * to show its sign-in screen (the {@code todo} app says "run `todo login`").
 */
public final class NotSignedInException extends RuntimeException {

    public NotSignedInException(String message) {
        super(message);
    }
}
