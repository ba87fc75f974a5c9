package io.offlinesync.client;

import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.auth.OidcSession;
import io.offlinesync.client.auth.SessionInfo;
import io.offlinesync.client.auth.SignInRefusedException;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.OwnRejection;
import io.offlinesync.client.store.SetAsideEvent;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EditStamper;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.HybridClock;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.Projection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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

    private static final Duration OWN_EVENTS_WAIT = Duration.ofSeconds(15);

    private final SyncClientConfig config;
    private final LocalStore store;
    private final SyncHttp http;
    private final ProfileTokens profileTokens; // null when the app brings its own tokens
    private final String clientId;
    private final EditStamper stamper;
    private final ListFolds folds;
    private final DerivedFolds derived;
    private final Derivation derivation;
    private final List<DerivedWatch<?>> derivedWatches = new CopyOnWriteArrayList<>();
    private final Pusher pusher;
    private final Puller puller;
    private final ServerLists serverLists;
    private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ListView> lastShown = new ConcurrentHashMap<>();
    private volatile Watches watches;
    private volatile ScheduledExecutorService background;

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
        this.pusher = new Pusher(store, http, config.retry(), clientId);
        this.puller = new Puller(store, http, config.retry(), config.wallClock(),
                !DerivedFolds.startsFromSnapshot(config.projection()));
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
        edit(listId, true, list -> {
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
        edit(listId, false, list -> new EventBody.ListRenamed(title));
    }

    /** Adds an item and returns its new itemId (short, random, easy to type). */
    public String addItem(String listId, String title) {
        String itemId = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        edit(listId, false, list -> stamper.add(list.item(itemId), itemId, title));
        return itemId;
    }

    public void renameItem(String listId, String itemId, String title) {
        edit(listId, false, list -> stamper.rename(shown(list, itemId), title));
    }

    public void complete(String listId, String itemId) {
        edit(listId, false, list -> stamper.complete(shown(list, itemId)));
    }

    public void reopen(String listId, String itemId) {
        edit(listId, false, list -> stamper.reopen(shown(list, itemId)));
    }

    public void delete(String listId, String itemId) {
        edit(listId, false, list -> stamper.delete(shown(list, itemId)));
    }

    /**
     * Makes {@code userId} a member of the list with {@code role}, or changes an existing member's role (protocol
     * v1.1). Only the list's owners may: for anyone else the server appends it as a {@code forbidden} rejection, which
     * reaches {@link SyncListener#onRejected} like any other; making the only owner an editor or viewer is rejected as
     * {@code last-owner}.
     */
    public void addMember(String listId, String userId, Role role) {
        requireUserId(userId);
        edit(listId, false, list -> new EventBody.MemberAdded(userId, role));
    }

    /** Removes {@code userId} from the list's members (owners only; removing the only owner is {@code last-owner}). */
    public void removeMember(String listId, String userId) {
        requireUserId(userId);
        edit(listId, false, list -> new EventBody.MemberRemoved(userId));
    }

    /** A user id as the gateway takes it: what it would refuse for good is refused here, before it is queued. */
    private static void requireUserId(String userId) {
        if (userId == null || !userId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a user id must match [A-Za-z0-9_-]{1,64}, got " + userId);
        }
    }

    private void edit(String listId, boolean creating, Function<TodoList, EventBody> body) {
        store.write(() -> {
            store.follow(listId);
            StoredList stored = store.list(listId).orElseThrow();
            TodoList list = folds.optimistic(listId, store.pending(listId));
            if (!creating && !list.created()) {
                throw new IllegalStateException("no list " + listId + " on this device; create or join it first");
            }
            EventBody made = body.apply(list);
            Hlc at = new HybridClock(config.wallClock(), HybridClock.DEFAULT_MAX_SKEW_MS, store.clock()).now();
            store.addPending(listId, new ClientEvent(UUID.randomUUID().toString(), stored.nextClientSeq(), at, made), at);
            return null;
        });
        announce(listId);
        Watches w = watches;
        if (w != null) {
            w.edited(listId); // a watched list's edit is pushed at once
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
        return store.write(() -> { // one transaction: the log and the pending queue as of one moment
            store.list(listId).orElseThrow(
                    () -> new IllegalArgumentException("this device does not follow list " + listId));
            return folds.view(listId, store.pending(listId));
        });
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
        derivedWatches.add(new DerivedWatch<>(projection, listener));
    }

    public SyncStatus status() {
        List<ListStatus> lists = new ArrayList<>();
        for (StoredList l : store.lists()) {
            ListView view = view(l.listId());
            lists.add(new ListStatus(l.listId(), view.title(), l.cursor(), l.serverHead(), view.pendingEdits(),
                    l.snapshotVersion()));
        }
        List<Rejection> rejections = store.rejections().stream().map(SyncClient::rejection).toList();
        return new SyncStatus(clientId, lists, store.lastError().orElse(null), rejections, setAside());
    }

    /** The edits set aside because the gateway refused them for good, oldest first (kept until discarded). */
    public List<SetAside> setAside() {
        return store.setAside().stream().map(SyncClient::setAside).toList();
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
        ProfileTokens own = ownTokens();
        String previous = store.user();
        if (previous != null && !previous.equals(username) && !store.lists().isEmpty()) {
            throw new IllegalStateException("this profile holds the lists of " + previous + " (its device id "
                    + clientId + " writes for " + previous + " on them): sign " + username + " in on another profile");
        }
        OidcSession session = OidcSession.signIn(issuer, oidcClientId, username, password, store.sessions(),
                config.wallClock());
        store.saveUser(username);
        own.use(session);
        return session.info();
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
        return http.state(listId, projection).map(ServerStates::read);
    }

    // ---- sync -------------------------------------------------------------------------------------------

    /**
     * Syncs every followed list: pushes pending edits, pulls until up to date. Throws {@link NotSignedInException}
     * (unchecked) when the server wants a sign-in the profile's session cannot give; the edits stay pending.
     */
    public SyncReport sync() throws ServerUnreachableException, InterruptedException {
        SyncReport report = SyncReport.empty();
        for (String listId : lists()) {
            report = report.plus(sync(listId));
        }
        return report;
    }

    /**
     * Syncs one list: pushes its pending edits, pulls its log until up to date, and waits briefly for the
     * pushed edits to come back in the log (so that, when it returns, they are usually no longer pending). The pull
     * after a push asks the query-api to hold its answer until it holds the pushed events (the 202's read-your-writes
     * fence, protocol v1.1, up to {@link SyncClientConfig#fenceWait()}); {@link SyncReport#fences()} says how that
     * went. A server without the fence answers at once, and the sync goes on as before.
     */
    public SyncReport sync(String listId) throws ServerUnreachableException, InterruptedException {
        store.follow(listId);
        try {
            SyncReport report = SyncReport.empty();
            for (int round = 0; round < 3; round++) {
                Pusher.Result pushed = pusher.push(listId);
                Puller.Fence fence = pushed.fence() == null || config.fenceWait().isZero() ? null
                        : new Puller.Fence(pushed.fence(), config.fenceWait());
                Puller.Result pulled = puller.pullAll(listId, (cursor, head) -> progress(listId, cursor, head), fence);
                report = report.plus(settle(listId, pushed, pulled));
                if (pushed.refusal() != null || !pusher.hasUnsent(listId)) {
                    break; // nothing to resend: no gap, nothing renumbered
                }
            }
            long deadline = System.nanoTime() + OWN_EVENTS_WAIT.toNanos();
            // an auth or server refusal (401, 403, ...) would only repeat: the edits wait for the next sync
            while (report.refusals().isEmpty()
                    && (pusher.awaitingLog(listId, store.pending(listId)) || pusher.hasUnsent(listId))
                    && System.nanoTime() < deadline) {
                // pushes again only what a gap rejection or a renumbering asked for; usually sends nothing
                report = report.plus(settle(listId, pusher.push(listId), puller.pollOnce(listId, 1000)));
            }
            store.saveLastError(report.refusals().isEmpty() ? null : report.refusals().getLast());
            return report;
        } catch (ServerUnreachableException | NotSignedInException e) {
            recordError(e.getMessage());
            throw e;
        }
    }

    /** Keeps syncing every followed list every {@code every} until {@link #close()}; errors go to {@link #status()}. */
    public synchronized void startBackgroundSync(Duration every) {
        if (background != null) {
            return;
        }
        background = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("background-sync").unstarted(r));
        background.scheduleWithFixedDelay(() -> {
            try {
                sync();
            } catch (ServerUnreachableException | NotSignedInException e) {
                // recorded as the last error; try again next round (a sign-in made meanwhile is picked up)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                recordError("background sync: " + e);
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
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
            Watches w = new Watches(this, config.watch());
            w.start();
            watches = w;
        }
        return watches;
    }

    // ---- what the watches call ----------------------------------------------------------------------------

    SyncHttp http() {
        return http;
    }

    long cursor(String listId) {
        return store.list(listId).map(StoredList::cursor).orElse(0L);
    }

    /** One long-poll of a watched list (a catch-up first when the device has nothing of it), applied. */
    Puller.Result pollWatched(String listId, long waitMs) throws ServerUnreachableException, InterruptedException {
        Puller.Result pulled = cursor(listId) == 0
                ? puller.pullAll(listId, (c, h) -> progress(listId, c, h))
                : puller.pollOnce(listId, waitMs);
        settle(listId, Pusher.Result.NOTHING, pulled);
        return pulled;
    }

    /** Entries of a watched list that the live stream delivered, applied like a catch-up page. */
    Puller.Result applyStreamed(String listId, List<LogEntry> entries)
            throws ServerUnreachableException, InterruptedException {
        Puller.Result applied = puller.applyStreamed(listId, entries, (c, h) -> progress(listId, c, h));
        settle(listId, Pusher.Result.NOTHING, applied);
        return applied;
    }

    /** Pushes a watched list's pending edits (those not acknowledged yet). */
    void pushWatched(String listId) throws ServerUnreachableException, InterruptedException {
        Pusher.Result pushed = pusher.push(listId);
        settle(listId, pushed, new Puller.Result(0, List.of()));
    }

    void watchEnded(String listId, String reason) {
        recordError("watch " + listId + ": " + reason);
        listeners.forEach(l -> l.onWatchEnded(listId, reason));
    }

    private SyncReport settle(String listId, Pusher.Result pushed, Puller.Result pulled) {
        List<Rejection> rejections = new ArrayList<>();
        for (OwnRejection own : pulled.rejections()) {
            if (own.entry().expectedClientSeq() != null) {
                pusher.resendFrom(listId, own.entry().expectedClientSeq());
            }
            Rejection rejection = rejection(own);
            rejections.add(rejection);
            listeners.forEach(l -> l.onRejected(rejection));
        }
        List<SetAside> setAside = pushed.setAside().stream().map(SyncClient::setAside).toList();
        setAside.forEach(s -> listeners.forEach(l -> l.onSetAside(s)));
        if (pulled.pulled() > 0 || pushed.pushed() > 0 || pulled.joinedAt() > 0 || !setAside.isEmpty()) {
            announce(listId);
        }
        return new SyncReport(pushed.pushed(), pulled.pulled(), rejections,
                pushed.refusal() == null ? List.of() : List.of(pushed.refusal()), pulled.joinedAt(), setAside,
                pulled.fence() == null ? List.of() : List.of(pulled.fence()));
    }

    private static Rejection rejection(OwnRejection own) {
        return new Rejection(own.listId(), own.entry().listVersion(), own.entry().clientSeq(), own.eventType(),
                own.entry().reason().wireName(), own.entry().expectedClientSeq(), own.entry().limit());
    }

    private static SetAside setAside(SetAsideEvent s) {
        return new SetAside(s.listId(), s.event().eventId(), s.event().clientSeq(), s.event().body().type(), s.reason());
    }

    private void progress(String listId, long cursor, long head) {
        listeners.forEach(l -> l.onProgress(listId, cursor, head));
    }

    private void announce(String listId) {
        derivedWatches.forEach(w -> w.announce(listId, derived));
        if (listeners.isEmpty()) {
            return;
        }
        ListView view = view(listId);
        ListView before = lastShown.put(listId, view);
        if (!view.equals(before)) {
            listeners.forEach(l -> l.onChange(view));
        }
    }

    void recordError(String message) {
        store.saveLastError(message);
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
        ScheduledExecutorService bg = background;
        if (bg != null) {
            bg.shutdownNow();
            try {
                bg.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.close();
        if (profileTokens != null) {
            profileTokens.close();
        }
        store.close();
    }
}
