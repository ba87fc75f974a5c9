package io.offlinesync.client;

import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.auth.OidcSession;
import io.offlinesync.client.auth.SessionInfo;
import io.offlinesync.client.auth.SignInRefusedException;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.client.http.ServerJson;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.EditStamper;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.Projection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/**
 * An offline-first device: one profile's lists, edited locally at once and synced with the server when it
 * can be reached. Every edit is committed to the profile's SQLite store before the method returns, so a
 * crash loses nothing; the state it shows is the fold of the synced log (the same code as the server's)
 * with its pending edits on top.
 *
 * <pre>{@code
 * try (SyncClient device = SyncClient.open(SyncClientConfig.of(Path.of("ann.db"), "ann", gateway, query))) {
 *     device.addListener(new SyncListener() {
 *         public void onChange(ListView view) { render(view); }
 *     });
 *     device.createList("groceries", "Groceries", Policy.LWW);
 *     String milk = device.addItem("groceries", "Buy milk");   // works offline
 *     device.complete("groceries", milk);
 *     device.sync();                                           // throws ServerUnreachableException when offline
 * }
 * }</pre>
 *
 * Servers that check tokens (protocol v1.1) get the profile's session: {@link #signIn} once, and the session is kept
 * in the profile and renewed as needed; or tokens the app gets its own way ({@link SyncClientConfig#withTokens}). A
 * server call the session cannot authorize ends with {@link NotSignedInException} (unchecked); edits stay pending.
 *
 * <p>Thread-safe. Several processes may open the same profile; the store serializes them.
 */
public final class SyncClient implements AutoCloseable {

    /** A list's state as the query-api serves it under a projection: a JSON map in the server's key order. */
    private static final TypeReference<LinkedHashMap<String, Object>> STATE = new TypeReference<>() {};

    private final SyncClientConfig config;
    private final LocalStore store;
    private final SyncHttp http;
    private final ProfileTokens profileTokens; // null when the app brings its own tokens
    private final String clientId;
    private final EditStamper stamper;
    private final ListFolds folds;
    private final DerivedFolds derived;
    private final Derivation derivation;
    private final Listeners listeners;
    private final EditQueue edits;
    private final SyncRounds rounds;
    private final BackgroundSync background;
    private final ServerLists serverLists;
    private volatile Watches watches;

    private SyncClient(SyncClientConfig config, LocalStore store) {
        this.config = config;
        this.store = store;
        this.profileTokens = config.tokens() == null ? new ProfileTokens(store, config.wallClock()) : null;
        TokenSource tokens = config.tokens() != null ? config.tokens() : profileTokens;
        this.http = new SyncHttp(config.gateway(), config.query(), tokens);
        this.clientId = store.clientId();
        this.stamper = new EditStamper(clientId);
        this.folds = new ListFolds(store, clientId);
        this.derived = new DerivedFolds(store, clientId, folds);
        this.listeners = new Listeners(folds, derived);
        this.edits = new EditQueue(store, folds, config.wallClock(), this::edited);
        this.rounds = new SyncRounds(config, store, http, listeners);
        this.background = new BackgroundSync(rounds);
        this.serverLists = new ServerLists(http);
        this.derivation = DerivationSwitch.open(store, derived, config.projection());
    }

    /**
     * Opens the profile stored in {@code config.storeFile()}, creating it (and its clientId) if new. When the profile
     * last ran another projection than {@link SyncClientConfig#projection()}, its lists are re-derived from the local
     * log first, nothing downloaded ({@link #derivation()}).
     */
    public static SyncClient open(SyncClientConfig config) {
        LocalStore store = LocalStore.open(config.storeFile(), config.clientIdPrefix());
        try {
            return new SyncClient(config, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public String clientId() {
        return clientId;
    }

    public void addListener(SyncListener listener) {
        listeners.add(listener);
    }

    // ---- edits: local first, committed before returning -------------------------------------------------

    /** Creates a list on this device (pushed on the next sync; rejected there if the listId is taken). */
    public void createList(String listId, String title, Policy policy) {
        edits.queue(listId, true, list -> {
            if (list.created()) {
                throw new IllegalStateException("list " + listId + " exists already");
            }
            return new EventBody.ListCreated(title, policy);
        });
    }

    /** Starts following a list created elsewhere; its state arrives with the next {@link #sync}. */
    public void follow(String listId) {
        store.follow(listId);
    }

    public void renameList(String listId, String title) {
        edits.queue(listId, false, list -> new EventBody.ListRenamed(title));
    }

    /** Adds an item and returns its new itemId (short, random, easy to type). */
    public String addItem(String listId, String title) {
        String itemId = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        edits.queue(listId, false, list -> stamper.add(list.item(itemId), itemId, title));
        return itemId;
    }

    public void renameItem(String listId, String itemId, String title) {
        edits.queue(listId, false, list -> stamper.rename(shown(list, itemId), title));
    }

    public void complete(String listId, String itemId) {
        edits.queue(listId, false, list -> stamper.complete(shown(list, itemId)));
    }

    public void reopen(String listId, String itemId) {
        edits.queue(listId, false, list -> stamper.reopen(shown(list, itemId)));
    }

    public void delete(String listId, String itemId) {
        edits.queue(listId, false, list -> stamper.delete(shown(list, itemId)));
    }

    /**
     * Makes {@code userId} a member of the list with {@code role}, or changes an existing member's role (protocol
     * v1.1). Only the list's owners may: for anyone else the server appends it as a {@code forbidden} rejection, which
     * reaches {@link SyncListener#onRejected} like any other; making the only owner an editor or viewer is rejected as
     * {@code last-owner}.
     */
    public void addMember(String listId, String userId, Role role) {
        edits.queue(listId, false, list -> new EventBody.MemberAdded(userId, role));
    }

    /** Removes {@code userId} from the list's members (owners only; removing the only owner is {@code last-owner}). */
    public void removeMember(String listId, String userId) {
        edits.queue(listId, false, list -> new EventBody.MemberRemoved(userId));
    }

    /** A queued edit: the listeners hear of it, and a watched list's edit is pushed at once. */
    private void edited(String listId) {
        listeners.changed(listId);
        Watches w = watches;
        if (w != null) {
            w.edited(listId);
        }
    }

    private static Item shown(TodoList list, String itemId) {
        Item item = list.item(itemId);
        if (item == null || !item.visible()) {
            throw new IllegalArgumentException("no item " + itemId + " in list " + list.listId());
        }
        return item;
    }

    // ---- state ------------------------------------------------------------------------------------------

    /** The lists this profile follows, by listId. */
    public List<String> lists() {
        return store.lists().stream().map(StoredList::listId).toList();
    }

    /** What the device shows for the list now (works offline). */
    public ListView view(String listId) {
        return folds.view(listId);
    }

    /**
     * The list's state under {@code projection}, derived from the device's local log with its pending edits on top
     * (works offline, downloads nothing). The synced part is cached per projection and list and caught up
     * incrementally; the result is a copy the caller may keep or change.
     *
     * @throws LogPrefixMissingException the list was joined from the server's snapshot and {@code projection} cannot
     *         start from it (any but the platform's todo-list fold): its earlier log comes with the next sync
     */
    public <S> S derive(String listId, Projection<S> projection) {
        return derived.derive(listId, projection);
    }

    /** The list under the app's projection ({@link SyncClientConfig#projection()}) as its JSON view: what to show. */
    public Map<String, Object> derivedView(String listId) {
        return derivedView(listId, config.projection());
    }

    private <S> Map<String, Object> derivedView(String listId, Projection<S> projection) {
        return projection.view(derive(listId, projection));
    }

    /** Which projection the device derives with, and whether and how opening the profile re-derived its lists. */
    public Derivation derivation() {
        return derivation;
    }

    /** Tells {@code listener} the list's derivation under {@code projection} whenever that projection's view changes. */
    public <S> void addListener(Projection<S> projection, DerivationListener<S> listener) {
        listeners.add(projection, listener);
    }

    public SyncStatus status() {
        List<ListStatus> lists = new ArrayList<>();
        for (StoredList l : store.lists()) {
            ListView view = view(l.listId());
            lists.add(new ListStatus(l.listId(), view.title(), l.cursor(), l.serverHead(), view.pendingEdits(),
                    l.snapshotVersion()));
        }
        List<Rejection> rejections = store.rejections().stream().map(Rejection::of).toList();
        return new SyncStatus(clientId, lists, store.lastError().orElse(null), rejections, setAside());
    }

    /** The edits set aside because the gateway refused them for good, oldest first (kept until discarded). */
    public List<SetAside> setAside() {
        return store.setAside().stream().map(SetAside::of).toList();
    }

    /**
     * Deletes a set-aside edit for good. {@code eventId} is its eventId or a prefix of it that names one
     * set-aside edit of the list; false when none (or more than one) matches.
     */
    public boolean discard(String listId, String eventId) {
        List<SetAside> matching = setAside().stream()
                .filter(s -> s.listId().equals(listId) && s.eventId().startsWith(eventId)).toList();
        return matching.size() == 1 && store.discard(listId, matching.getFirst().eventId());
    }

    // ---- signing in -------------------------------------------------------------------------------------

    /**
     * Signs the profile in at an OpenID Connect issuer with the password grant (public client {@code oidcClientId},
     * for the local stack {@code offline-sync-cli}) and keeps the session in the profile: from now on every call
     * carries its access token, renewed before it expires, also in later runs. The password is not kept.
     *
     * @throws SignInRefusedException the issuer refused the credentials
     * @throws IllegalStateException the app brings its own tokens, or the profile holds another user's lists (its
     *         clientId writes for that user on them, so another user needs a profile of their own)
     */
    public SessionInfo signIn(URI issuer, String oidcClientId, String username, char[] password)
            throws ServerUnreachableException, InterruptedException {
        return ownTokens().signIn(issuer, oidcClientId, username, password, clientId);
    }

    /** Signs the profile out: its session is forgotten here and its refresh token revoked (best effort, also offline). */
    public boolean signOut() throws InterruptedException {
        return ownTokens().signOut();
    }

    /** Who is signed in on this profile, without asking anyone; empty when no one (or the app brings its tokens). */
    public Optional<SessionInfo> session() {
        return profileTokens == null ? Optional.empty() : profileTokens.session().map(OidcSession::info);
    }

    private ProfileTokens ownTokens() {
        if (profileTokens == null) {
            throw new IllegalStateException("this client uses the app's own tokens (SyncClientConfig.withTokens)");
        }
        return profileTokens;
    }

    // ---- the server's lists and members ------------------------------------------------------------------

    /**
     * The lists the signed-in user is a member of on the server, with the user's role ({@code GET /v1/lists}, every
     * page), in listId order. {@link #lists()} are the ones this profile follows.
     */
    public List<ServerList> serverLists() throws ServerUnreachableException, InterruptedException {
        return serverLists.all();
    }

    /**
     * A list's members on the server, user id to role ({@code owner}, {@code editor}, {@code viewer}), from its state;
     * empty when the list does not exist for this user (unknown, not created yet, or the user is not a member).
     */
    public Optional<Map<String, String>> members(String listId) throws ServerUnreachableException, InterruptedException {
        return serverLists.members(listId);
    }

    /** Which projections the server serves and which one is active ({@code GET /v1/projections}). */
    public ServerProjections serverProjections() throws ServerUnreachableException, InterruptedException {
        return ServerProjections.read(http.projections());
    }

    /**
     * The list's state on the server under the app's projection ({@code GET /v1/lists/{id}?projection=<its name>}) as
     * a JSON map ({@code listId}, {@code projection}, {@code listVersion}, {@code clientSeqs}, {@code source}, then the
     * projection's view fields), to compare with the device's own {@link #derivedView}; empty when the list does not
     * exist for this user.
     *
     * @throws IllegalArgumentException the server does not serve the app's projection
     */
    public Optional<Map<String, Object>> serverState(String listId)
            throws ServerUnreachableException, InterruptedException {
        return serverState(listId, config.projection().name());
    }

    /** {@link #serverState(String)} under the server's projection named {@code projection} ({@code v1}, {@code v3}). */
    public Optional<Map<String, Object>> serverState(String listId, String projection)
            throws ServerUnreachableException, InterruptedException {
        return http.state(listId, projection).map(json -> ServerJson.fromQuery(json, "a list's state",
                body -> ServerJson.MAPPER.readValue(body, STATE)));
    }

    // ---- sync -------------------------------------------------------------------------------------------

    /**
     * Syncs every followed list: pushes pending edits, pulls until up to date. Throws {@link NotSignedInException}
     * (unchecked) when the server wants a sign-in the profile's session cannot give; the edits stay pending.
     */
    public SyncReport sync() throws ServerUnreachableException, InterruptedException {
        return rounds.syncAll();
    }

    /**
     * Syncs one list: pushes its pending edits, pulls its log until up to date, and waits briefly for the
     * pushed edits to come back in the log (so that, when it returns, they are usually no longer pending). The pull
     * after a push asks the query-api to hold its answer until it holds the pushed events (the 202's read-your-writes
     * fence, protocol v1.1, up to {@link SyncClientConfig#fenceWait()}); {@link SyncReport#fences()} says how that
     * went. A server without the fence answers at once, and the sync goes on as before.
     */
    public SyncReport sync(String listId) throws ServerUnreachableException, InterruptedException {
        return rounds.sync(listId);
    }

    /** Keeps syncing every followed list every {@code every} until {@link #close()}; errors go to {@link #status()}. */
    public void startBackgroundSync(Duration every) {
        background.start(every);
    }

    /**
     * Watches the list until the watch is closed: applies its new entries as they arrive (listeners hear about them)
     * and pushes its pending edits. All the lists of this client are watched over one live stream from the query-api
     * (protocol v1.1), which is reopened from the cursors when a list is added or removed; where the stream cannot be
     * had (a query-api without it, a proxy that buffers it) each list is long-polled instead, and the stream is tried
     * again later ({@link WatchSettings}, {@link #watchStatus()}).
     */
    public ListWatch watch(String listId) {
        return watch(List.of(listId)).getFirst();
    }

    /** {@link #watch(String)} for several lists at once (the stream is opened once for all of them). */
    public List<ListWatch> watch(Collection<String> listIds) {
        listIds.forEach(store::follow);
        return watches().add(listIds);
    }

    /** Which watched lists the live stream carries and which are long-polled, and why, if the stream is not used. */
    public WatchStatus watchStatus() {
        Watches w = watches;
        return w == null ? WatchStatus.IDLE : w.status();
    }

    private synchronized Watches watches() {
        if (watches == null) {
            Watches w = new Watches(rounds, config.watch());
            w.start();
            watches = w;
        }
        return watches;
    }

    /** Stops watches and background sync, then closes the store. Pending edits stay for the next open. */
    @Override
    public void close() {
        Watches w;
        synchronized (this) {
            w = watches;
        }
        if (w != null) {
            w.close();
        }
        background.close();
        http.close();
        if (profileTokens != null) {
            profileTokens.close();
        }
        store.close();
    }
}
