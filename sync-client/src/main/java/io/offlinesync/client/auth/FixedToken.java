package io.offlinesync.client.auth;

import java.util.Optional;

/** A token the app obtained its own way (or none): sent as it is, never refreshed. */
record FixedToken(Optional<AccessToken> token) implements TokenSource {

    static final FixedToken NONE = new FixedToken(Optional.empty());

    @Override
    public Optional<AccessToken> current() {
        return token;
    }

    @Override
    public Optional<AccessToken> refresh(Optional<AccessToken> refused) {
        return Optional.empty(); // only the app can get another one: the call ends as not signed in
    }
}
