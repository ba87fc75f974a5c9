package io.offlinesync.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.client.FakeIssuer;
import io.offlinesync.client.http.ServerUnreachableException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenID Connect session on its own, against an issuer in memory whose clock the test moves: sign-in with the
 * password grant, renewal ahead of expiry and after a 401, a renewal made by another process taken over, the end of
 * a session, and no token in any text.
 */
class OidcSessionTest {

    static final String CLIENT = "offline-sync-cli";

    FakeIssuer issuer;
    SessionStorage storage;

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuer();
        storage = SessionStorage.inMemory();
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private OidcSession signIn(String user) throws Exception {
        return OidcSession.signIn(issuer.url(), CLIENT, user, user.toCharArray(), storage, issuer::now);
    }

    private String token(OidcSession session) throws Exception {
        return session.current().orElseThrow().value();
    }

    @Test
    void signingInFindsTheTokenEndpointAndKeepsTokensUserAndExpiry() throws Exception {
        try (OidcSession session = signIn("ann")) {
            SessionInfo info = session.info();
            assertThat(info.userId()).isEqualTo("ann");
            assertThat(info.username()).isEqualTo("ann");
            assertThat(info.issuer()).isEqualTo(issuer.url());
            assertThat(info.accessExpiresAt()).isEqualTo(Instant.ofEpochMilli(issuer.now()).plus(Duration.ofHours(2)));
            assertThat(info.renewable()).isTrue();
            assertThat(issuer.userOf(token(session))).contains("ann");
            SavedSession saved = storage.load().orElseThrow();
            assertThat(saved.tokenEndpoint()).isEqualTo(URI.create(issuer.url() + "/token"));
            assertThat(saved.access().value()).isEqualTo(token(session));
            assertThat(issuer.passwordGrants()).isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithTheIssuersErrorAndNothingIsKept() {
        assertThatThrownBy(() -> OidcSession.signIn(issuer.url(), CLIENT, "ann", "secret-word".toCharArray(), storage,
                issuer::now))
                .isInstanceOfSatisfying(SignInRefusedException.class, e -> assertThat(e.error()).isEqualTo("invalid_grant"))
                .hasMessageContaining("refused the sign-in of ann").hasMessageContaining("Invalid user credentials")
                .hasMessageNotContaining("secret-word");
        assertThat(storage.load()).isEmpty();
    }

    @Test
    void noIssuerAtTheUrlIsSaidPlainly() throws Exception {
        try (io.offlinesync.client.FakeSyncServer notAnIssuer = new io.offlinesync.client.FakeSyncServer()) {
            assertThatThrownBy(() -> OidcSession.signIn(notAnIssuer.url(), CLIENT, "ann", "ann".toCharArray(), storage,
                    issuer::now)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no OpenID Connect issuer at " + notAnIssuer.url());
        }
        assertThatThrownBy(() -> OidcSession.signIn(URI.create("http://127.0.0.1:9"), CLIENT, "ann", "ann".toCharArray(),
                storage, issuer::now)).isInstanceOf(ServerUnreachableException.class).hasMessageContaining("connection refused");
    }

    @Test
    void theAccessTokenIsRenewedSixtySecondsAheadOfItsExpiryNotBefore() throws Exception {
        try (OidcSession session = signIn("ann")) {
            String first = token(session);
            issuer.advance(Duration.ofHours(2).minusSeconds(61));
            assertThat(token(session)).isEqualTo(first);
            assertThat(issuer.refreshGrants()).isZero();

            issuer.advance(Duration.ofSeconds(2)); // 59 s left
            String renewed = token(session);
            assertThat(renewed).isNotEqualTo(first);
            assertThat(issuer.refreshGrants()).isEqualTo(1);
            assertThat(issuer.userOf(renewed)).contains("ann");
            assertThat(session.info().accessExpiresAt()).isEqualTo(Instant.ofEpochMilli(issuer.now()).plus(Duration.ofHours(2)));
            assertThat(storage.load().orElseThrow().access().value()).isEqualTo(renewed);
            assertThat(token(session)).isEqualTo(renewed);
            assertThat(issuer.refreshGrants()).isEqualTo(1);
        }
    }

    @Test
    void aTokenRefusedWith401IsRenewedOnceWhateverTheNumberOfCallersThatSawIt() throws Exception {
        try (OidcSession session = signIn("ann")) {
            Optional<AccessToken> refused = session.current();
            issuer.revokeAllAccessTokens();
            String renewed = session.refresh(refused).orElseThrow().value();
            assertThat(renewed).isNotEqualTo(refused.orElseThrow().value());
            assertThat(issuer.userOf(renewed)).contains("ann");
            // a second request that left with the old token: it gets the renewed one, no second renewal
            assertThat(session.refresh(refused).orElseThrow().value()).isEqualTo(renewed);
            assertThat(issuer.refreshGrants()).isEqualTo(1);
        }
    }

    @Test
    void anIssuerAwayWhileTheTokenStillWorksIsNoErrorButAfterItsExpiryItIs() throws Exception {
        try (OidcSession session = signIn("ann")) {
            String first = token(session);
            issuer.advance(Duration.ofHours(2).minusSeconds(30));
            issuer.answerUnavailable(1);
            assertThat(token(session)).isEqualTo(first); // 30 s left: used, renewed on the next call
            assertThat(token(session)).isNotEqualTo(first);

            issuer.advance(Duration.ofHours(3));
            issuer.answerUnavailable(1);
            assertThatThrownBy(() -> session.current()).isInstanceOf(ServerUnreachableException.class)
                    .hasMessageContaining("answered 503");
            assertThat(storage.load()).isPresent(); // not a verdict on the session: the next call renews
            assertThat(issuer.userOf(token(session))).contains("ann");
        }
    }

    @Test
    void aRefusedRenewalEndsTheSessionForGood() throws Exception {
        try (OidcSession session = signIn("ann")) {
            issuer.refuseRefreshes(true);
            issuer.advance(Duration.ofHours(2));
            assertThatThrownBy(() -> session.current()).isInstanceOf(NotSignedInException.class)
                    .hasMessageContaining("the session of ann at " + issuer.url() + " ended")
                    .hasMessageContaining("invalid_grant");
            assertThat(storage.load()).isEmpty();
            issuer.refuseRefreshes(false);
            assertThatThrownBy(() -> session.current()).isInstanceOf(NotSignedInException.class);
            assertThatThrownBy(() -> session.refresh(Optional.empty())).isInstanceOf(NotSignedInException.class);
        }
    }

    @Test
    void aRenewalByAnotherProcessOnTheSameStorageIsTakenOverNotRepeated() throws Exception {
        signIn("ann").close();
        try (OidcSession watch = OidcSession.resume(storage, issuer::now).orElseThrow();
             OidcSession sync = OidcSession.resume(storage, issuer::now).orElseThrow()) {
            issuer.advance(Duration.ofHours(2).minusSeconds(10));
            String renewedByWatch = token(watch);
            // the refresh token rotated: sync's copy of the old one would be refused; it reads the storage instead
            assertThat(token(sync)).isEqualTo(renewedByWatch);
            assertThat(issuer.refreshGrants()).isEqualTo(1);
        }
    }

    @Test
    void signingOutRevokesTheRefreshTokenAndForgetsTheSession() throws Exception {
        OidcSession session = signIn("ann");
        assertThat(issuer.activeRefreshTokens()).isEqualTo(1);
        session.signOut();
        session.close();
        assertThat(issuer.activeRefreshTokens()).isZero();
        assertThat(storage.load()).isEmpty();
        assertThatThrownBy(session::current).isInstanceOf(NotSignedInException.class).hasMessageContaining("signed out");
        assertThat(OidcSession.resume(storage, issuer::now)).isEmpty();
    }

    @Test
    void noTokenAppearsInAnyText() throws Exception {
        try (OidcSession session = signIn("ann")) {
            SavedSession saved = storage.load().orElseThrow();
            String texts = saved + " " + saved.access() + " " + session.info();
            assertThat(texts).doesNotContain(saved.access().value()).doesNotContain(saved.refreshToken())
                    .contains("ann");
        }
        assertThatThrownBy(() -> new AccessToken("abc\r\nX-Evil: 1", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
