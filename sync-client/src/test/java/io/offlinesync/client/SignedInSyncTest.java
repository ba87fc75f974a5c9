package io.offlinesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.client.auth.AccessToken;
import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.auth.SignInRefusedException;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against a server that checks tokens and membership (protocol v1.1): a bearer token on every call, one
 * renewal and one retry after a 401, then {@link NotSignedInException}; the session kept in the profile; a 403 sets
 * the batch aside as forbidden; {@code forbidden} and {@code last-owner} rejections reported like the others; the
 * server's lists and a list's members.
 */
class SignedInSyncTest {

    @TempDir
    Path dir;
    FakeIssuer issuer;
    FakeSyncServer server;

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuer();
        server = new FakeSyncServer();
        server.trust(issuer);
    }

    @AfterEach
    void stop() {
        server.close();
        issuer.close();
    }

    private SyncClient device(String name) {
        return SyncClient.open(Devices.config(dir, name, server.url()).withWallClock(issuer::now));
    }

    private SyncClient signedIn(String name) throws Exception {
        SyncClient device = device(name);
        device.signIn(issuer.url(), "offline-sync-cli", name, name.toCharArray());
        return device;
    }

    @Test
    void everyCallCarriesTheSessionsBearerToken() throws Exception {
        try (SyncClient ann = signedIn("ann"); SyncClient bob = signedIn("bob")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "milk");
            ann.sync();
            server.addMember("g", "bob", "editor");
            bob.follow("g");
            bob.sync(); // joins from the snapshot, then catches up
            assertThat(bob.view("g").items()).extracting(ItemView::title).containsExactly("milk");
            assertThat(ann.serverLists()).extracting(ServerList::listId).containsExactly("g");

            assertThat(server.authorizations()).hasSizeGreaterThanOrEqualTo(5) // push, pull, snapshot, pull, lists
                    .allSatisfy(h -> assertThat(h).startsWith("Bearer "))
                    .allSatisfy(h -> assertThat(issuer.userOf(h.substring(7))).isPresent());
            assertThat(issuer.passwordGrants()).isEqualTo(2);
            assertThat(issuer.refreshGrants()).isZero();
        }
    }

    @Test
    void withoutASessionNoHeaderIsSentAndThe401EndsTheSyncAsNotSignedInEditsKept() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            assertThat(ann.session()).isEmpty();
            assertThatThrownBy(ann::sync).isInstanceOf(NotSignedInException.class)
                    .hasMessageContaining("answered 401, it needs an access token");
            assertThat(server.authorizations()).containsOnly("none");
            assertThat(ann.status().pending()).isEqualTo(1);
            assertThat(ann.status().lastError()).contains("not signed in");

            ann.signIn(issuer.url(), "offline-sync-cli", "ann", "ann".toCharArray());
            ann.sync();
            assertThat(ann.status().pending()).isZero();
            assertThat(ann.status().lastError()).isNull();
        }
    }

    @Test
    void aSignInMadeByAnotherProcessOnTheProfileIsPickedUpAfterA401() throws Exception {
        try (SyncClient watching = device("ann")) { // opened before anyone signed in
            watching.createList("g", "Groceries", Policy.LWW);
            try (SyncClient login = device("ann")) {
                login.signIn(issuer.url(), "offline-sync-cli", "ann", "ann".toCharArray());
            }
            watching.sync();
            assertThat(watching.status().pending()).isZero();
            assertThat(server.authorizations().getFirst()).isEqualTo("none");
            assertThat(server.authorizations().get(1)).startsWith("Bearer ");
        }
    }

    @Test
    void a401IsAnsweredByOneRenewalAndOneRetry() throws Exception {
        try (SyncClient ann = signedIn("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            issuer.revokeAllAccessTokens(); // say the issuer's keys changed
            ann.sync();
            assertThat(ann.status().pending()).isZero();
            assertThat(issuer.refreshGrants()).isEqualTo(1);
            List<String> sent = server.authorizations();
            assertThat(sent.get(0)).isNotEqualTo(sent.get(1)); // refused, then renewed and resent
            assertThat(sent.subList(1, sent.size())).containsOnly(sent.get(1));
        }
    }

    @Test
    void aSecond401EndsTheCallAsNotSignedInAfterExactlyOneRetry() throws Exception {
        AtomicInteger renewals = new AtomicInteger();
        TokenSource alwaysStale = new TokenSource() {
            @Override
            public Optional<AccessToken> current() {
                return Optional.of(new AccessToken("stale-0", null));
            }

            @Override
            public Optional<AccessToken> refresh(Optional<AccessToken> refused) {
                return Optional.of(new AccessToken("stale-" + renewals.incrementAndGet(), null));
            }
        };
        try (SyncClient ann = SyncClient.open(Devices.config(dir, "ann", server.url()).withTokens(alwaysStale))) {
            ann.createList("g", "Groceries", Policy.LWW);
            assertThatThrownBy(ann::sync).isInstanceOf(NotSignedInException.class)
                    .hasMessageContaining("refused the access token, also after renewing it")
                    .hasMessageContaining("Jwt expired or unknown");
            assertThat(renewals).hasValue(1);
            assertThat(server.authorizations()).containsExactly("Bearer stale-0", "Bearer stale-1");
            assertThatThrownBy(() -> ann.signIn(issuer.url(), "offline-sync-cli", "ann", "ann".toCharArray()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the app's own tokens");
        }
    }

    @Test
    void aFixedTokenFromTheAppIsSentAndNeverRenewed() throws Exception {
        String token = issuer.tokenFor("ann");
        try (SyncClient ann = SyncClient.open(Devices.config(dir, "ann", server.url())
                .withTokens(TokenSource.fixed(token)))) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            assertThat(server.authorizations()).containsOnly("Bearer " + token);
            issuer.revokeAllAccessTokens();
            ann.addItem("g", "milk");
            assertThatThrownBy(ann::sync).isInstanceOf(NotSignedInException.class);
            assertThat(server.authorizations().getLast()).isEqualTo("Bearer " + token);
            assertThat(ann.status().pending()).isEqualTo(1);
        }
    }

    @Test
    void theSessionIsKeptInTheProfileAcrossANewSyncClient() throws Exception {
        try (SyncClient ann = signedIn("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
        }
        try (SyncClient ann = device("ann")) {
            assertThat(ann.session()).hasValueSatisfying(s -> {
                assertThat(s.userId()).isEqualTo("ann");
                assertThat(s.issuer()).isEqualTo(issuer.url());
            });
            issuer.advance(Duration.ofHours(2).minusSeconds(30)); // renewed ahead of its expiry, from the stored refresh token
            ann.sync();
            assertThat(ann.status().pending()).isZero();
            assertThat(issuer.passwordGrants()).isEqualTo(1);
            assertThat(issuer.refreshGrants()).isEqualTo(1);
        }
        try (SyncClient ann = device("ann")) {
            assertThat(ann.signOut()).isTrue();
            assertThat(ann.session()).isEmpty();
            assertThat(issuer.activeRefreshTokens()).isZero();
        }
        try (SyncClient ann = device("ann")) {
            assertThat(ann.session()).isEmpty();
            assertThat(ann.signOut()).isFalse();
        }
    }

    @Test
    void aRefusedRenewalIsNotSignedInTheEditsWaitAndASignInResumes() throws Exception {
        try (SyncClient ann = signedIn("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            issuer.refuseRefreshes(true);
            issuer.advance(Duration.ofHours(3));
            assertThatThrownBy(ann::sync).isInstanceOf(NotSignedInException.class)
                    .hasMessageContaining("ended").hasMessageContaining("invalid_grant");
            assertThat(ann.session()).isEmpty();
            assertThat(ann.status().pending()).isEqualTo(1);

            issuer.refuseRefreshes(false);
            ann.signIn(issuer.url(), "offline-sync-cli", "ann", "ann".toCharArray());
            ann.sync();
            assertThat(ann.status().pending()).isZero();
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndAnotherUsersSignInOnAProfileWithListsToo() throws Exception {
        try (SyncClient ann = device("ann")) {
            assertThatThrownBy(() -> ann.signIn(issuer.url(), "offline-sync-cli", "ann", "nope".toCharArray()))
                    .isInstanceOf(SignInRefusedException.class).hasMessageContaining("invalid_grant");
            assertThat(ann.session()).isEmpty();
            ann.signIn(issuer.url(), "offline-sync-cli", "ann", "ann".toCharArray());
            ann.createList("g", "Groceries", Policy.LWW);
            ann.signOut();
            assertThatThrownBy(() -> ann.signIn(issuer.url(), "offline-sync-cli", "bob", "bob".toCharArray()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds the lists of ann");
            assertThat(ann.session()).isEmpty();
        }
    }

    @Test
    void a403SetsTheBatchAsideAsForbiddenWithoutRetryingIt() throws Exception {
        try (SyncClient ann = signedIn("ann"); SyncClient bob = signedIn("bob")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            server.addMember("g", "bob", "viewer");
            bob.follow("g");
            bob.sync();
            List<SetAside> heard = new CopyOnWriteArrayList<>();
            bob.addListener(new SyncListener() {
                @Override
                public void onSetAside(SetAside setAside) {
                    heard.add(setAside);
                }
            });
            bob.addItem("g", "milk");
            bob.addItem("g", "eggs");
            int pushesBefore = server.pushRequests();
            SyncReport report = bob.sync();

            assertThat(server.pushRequests() - pushesBefore).isEqualTo(1);
            assertThat(heard).hasSize(2).allSatisfy(s -> {
                assertThat(s.reason()).isEqualTo("forbidden");
                assertThat(s.forbidden()).isTrue();
                assertThat(s.eventType()).isEqualTo("ItemAdded");
            });
            assertThat(report.setAside()).isEqualTo(heard);
            assertThat(report.refusals()).isEmpty();
            assertThat(bob.status().setAside()).isEqualTo(heard);
            assertThat(bob.status().pending()).isZero();
            assertThat(bob.view("g").items()).isEmpty();
            assertThat(server.log("g")).hasSize(1);
        }
    }

    @Test
    void forbiddenAndLastOwnerRejectionsInTheLogAreReportedLikeTheOthers() throws Exception {
        server.gatewayMissesMembership(); // its view lags: the sequencer decides
        try (SyncClient ann = signedIn("ann"); SyncClient bob = signedIn("bob")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            server.addMember("g", "bob", "viewer");
            bob.follow("g");
            bob.sync();
            List<Rejection> heard = new CopyOnWriteArrayList<>();
            bob.addListener(new SyncListener() {
                @Override
                public void onRejected(Rejection rejection) {
                    heard.add(rejection);
                }
            });
            bob.addItem("g", "milk");
            bob.sync();
            assertThat(heard).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo("forbidden");
                assertThat(r.healed()).isFalse();
                assertThat(r.toString()).contains("ItemAdded #1 rejected (forbidden: your role on the list does not allow it)");
            });
            assertThat(bob.status().pending()).isZero();
            assertThat(bob.status().rejections()).extracting(Rejection::reason).containsExactly("forbidden");

            server.rejectNextAs(1, RejectReason.LAST_OWNER);
            ann.addItem("g", "eggs");
            SyncReport report = ann.sync();
            assertThat(report.rejections()).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo("last-owner");
                assertThat(r.toString()).contains("last-owner: the list would have no owner left");
            });
            assertThat(ann.status().pending()).isZero();
        }
    }

    @Test
    void theServersListsArePagedThroughWithRolesAndAListsMembersRead() throws Exception {
        for (int i = 0; i < 130; i++) {
            String listId = String.format("list-%03d", i);
            server.append(listId, "ann-elsewhere", "ann", List.of(new ClientEvent(java.util.UUID.randomUUID().toString(),
                    1, new Hlc(1, 0), new EventBody.ListCreated("List " + i, Policy.LWW))));
        }
        server.addMember("list-007", "bob", "editor");
        server.addMember("list-042", "bob", "viewer");
        try (SyncClient ann = signedIn("ann"); SyncClient bob = signedIn("bob")) {
            List<ServerList> lists = ann.serverLists();
            assertThat(lists).hasSize(130).first()
                    .isEqualTo(new ServerList("list-000", "List 0", "owner", 1));
            assertThat(lists).extracting(ServerList::listId).isSorted().doesNotHaveDuplicates();
            assertThat(server.authorizations().stream().filter(h -> !h.equals("none")).count()).isEqualTo(2); // two pages

            assertThat(bob.serverLists()).containsExactly(new ServerList("list-007", "List 7", "editor", 1),
                    new ServerList("list-042", "List 42", "viewer", 1));
            assertThat(bob.members("list-007")).contains(Map.of("ann", "owner", "bob", "editor"));
            assertThat(bob.members("list-008")).isEmpty(); // not a member: as if it did not exist
            assertThat(ann.members("nope")).isEmpty();
        }
    }
}
