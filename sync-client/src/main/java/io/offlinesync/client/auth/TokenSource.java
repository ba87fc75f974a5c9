package io.offlinesync.client.auth;

import io.offlinesync.client.http.ServerUnreachableException;
import java.util.Optional;

/**
 * Where the SDK gets the access token it sends with every call ({@code Authorization: Bearer}, PROTOCOL.md v1.1
 * "Identity"). It asks {@link #current()} before each request, and {@link #refresh} once when the server answered
 * 401 to it; a second 401 ends the call with {@link NotSignedInException}.
 *
 * <p>Implementations: {@link #none()} (no header, for servers that do not check tokens), {@link #fixed(String)}
 * (an app that gets its tokens its own way), {@link OidcSession} (signs in with an OpenID Connect issuer and keeps
 * its tokens fresh). An app may implement it too, for example over its own login; both methods may be called from
 * several threads at once.
 */
public interface TokenSource {

    /** The token to send now; empty: send no {@code Authorization} header. */
    Optional<AccessToken> current() throws ServerUnreachableException, InterruptedException;

    /**
     * The server refused {@code refused} (empty: no token was sent) with 401: a token to try once more, or empty
     * when there is none. Returns the current token without asking the issuer when another thread has replaced the
     * refused one already. Throws {@link NotSignedInException} when the session has ended for good.
     */
    Optional<AccessToken> refresh(Optional<AccessToken> refused) throws ServerUnreachableException, InterruptedException;

    /** No token: requests go without {@code Authorization}, as to a server that does not check tokens. */
    static TokenSource none() {
        return FixedToken.NONE;
    }

    /** Always the same token, obtained by the app; after a 401 there is nothing else to try. */
    static TokenSource fixed(String accessToken) {
        return new FixedToken(Optional.of(new AccessToken(accessToken, null)));
    }
}
