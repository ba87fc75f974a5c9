package io.offlinesync.query.web;

import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.catchup.CatchUpMeters;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.LongPollLimits;
import io.offlinesync.query.cluster.ListReads;
import io.offlinesync.query.cluster.NotFound;
import io.offlinesync.query.fence.Fence;
import io.offlinesync.query.state.ActiveProjectionQuery;
import io.offlinesync.query.state.ListSnapshotView;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.TodoListProjection;
import io.offlinesync.query.state.ServedState;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** State and catch-up reads (PROTOCOL.md). Parameters are validated strictly: out of range is a 400. */
@RestController
class ListsController {

    private final ListStateQuery states;
    private final ActiveProjectionQuery active;
    private final CatchUpQuery catchUp;
    private final CatchUpMeters meters;
    private final ListReads reads;
    private final LongPollLimits longPolls;
    private final ListReaders readers;

    ListsController(ListStateQuery states, ActiveProjectionQuery active, CatchUpQuery catchUp, CatchUpMeters meters,
                    ListReads reads, LongPollLimits longPolls, ListReaders readers) {
        this.readers = readers;
        this.longPolls = longPolls;
        this.states = states;
        this.active = active;
        this.catchUp = catchUp;
        this.meters = meters;
        this.reads = reads;
    }

    /**
     * The active projection's state, or with {@code projection=vN} another served one; the body's
     * {@code projection} says which served it. With {@code registers=true} the body also carries every
     * register's writes (query-api README, Extension). With {@code waitFor} (a read-your-writes fence) it waits up
     * to {@code waitMs} for the state to reach it and says in {@code fenceReached} whether it has.
     */
    @GetMapping(path = "/v1/lists/{listId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> state(@PathVariable String listId, HttpServletRequest request) throws InterruptedException {
        QueryParams.listId(listId);
        boolean withRegisters = QueryParams.boolParam("registers", QueryParams.raw(request, "registers"), false);
        Fence fence = FenceParams.waitFor(request);
        long waitV = FenceParams.stateWaitMs(request, fence);
        String projection = projection(QueryParams.raw(request, "projection"), withRegisters);
        // a fence's wait is held like a long-poll: a permit, and (as for a list just created) a wait for membership
        try (LongPollLimits.Permit permit = waitV > 0 ? longPolls.acquire(waitCaller(request)) : null) {
            long left = readers.requireWithin(request, listId, waitV, () -> noState(listId));
            long deadline = System.nanoTime() + left * 1_000_000L;
            return reads.serve(request, listId, List.of(QueryTopology.listsStore(projection)), left, target -> {
                ListStateQuery copy = states.at(target);
                Optional<ServedState> read = fence == null ? copy.read(listId, projection)
                        : copy.read(listId, projection, fence, left > 0 ? FenceParams.millisLeft(deadline) : 0);
                ServedState state = read.orElseThrow(() -> noState(listId));
                boolean reached = fence != null && fence.reachedIn(state.facts().clientSeqs());
                if (withRegisters) {
                    String body = ListSnapshotView.render((TodoList) state.state(), projection, state.source());
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(fence == null ? body
                            : FencedBodies.withFenceReached(body, reached));
                }
                return ResponseEntity.ok(fence == null ? state.body() : FencedBodies.state(state.body(), reached));
            });
        }
    }

    /** Who a wait counts against: the caller, unless another instance forwarded the read (it counted it there). */
    private String waitCaller(HttpServletRequest request) {
        return reads.forwardedByPeer(request) ? null : LongPollCaller.of(request);
    }

    /**
     * The asked projection if served here, else 400; absent: the active one (read once per request). With
     * {@code registers=true} the state must be the domain's fold (projection id {@code todo-list}: v1, v2), whose
     * registers a device restores: asked for another, a 400; not asking, the active one if it is such, else the
     * first served one that is.
     */
    private String projection(String raw, boolean withRegisters) {
        if (raw == null) {
            String activeName = active.read().active();
            if (!states.projections().contains(activeName)) {
                throw new ProjectionUnavailable(activeName);
            }
            if (withRegisters && !hasRegisters(activeName)) {
                return states.projections().stream().filter(this::hasRegisters).findFirst().orElseThrow(() ->
                        new BadParameter("registers", "needs a projection of the domain's fold (todo-list); none "
                                + "is served here"));
            }
            return activeName;
        }
        if (!states.projections().contains(raw)) {
            throw new BadParameter("projection", "must be one of " + String.join(", ", states.projections())
                    + ", was '" + QueryParams.abbreviate(raw) + "'");
        }
        if (withRegisters && !hasRegisters(raw)) {
            throw new BadParameter("registers", "is served for projections of the domain's fold (todo-list: "
                    + String.join(", ", states.projections().stream().filter(this::hasRegisters).toList())
                    + "); " + raw + " derives " + states.projection(raw).id());
        }
        return raw;
    }

    /** Whether the projection's states are the domain's TodoList, with every register's writes. */
    private boolean hasRegisters(String projection) {
        return states.projection(projection) instanceof TodoListProjection;
    }

    @GetMapping(path = "/v1/lists/{listId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> events(@PathVariable String listId, HttpServletRequest request)
            throws InterruptedException {
        QueryParams.listId(listId);
        long afterV = QueryParams.longParam("after", QueryParams.raw(request, "after"), 0, 0, Long.MAX_VALUE);
        int limitV = (int) QueryParams.longParam("limit", QueryParams.raw(request, "limit"), 500, 1, 1000);
        long waitV = QueryParams.longParam("waitMs", QueryParams.raw(request, "waitMs"), 0, 0, 30_000);
        String clientId = QueryParams.raw(request, "clientId"); // accepted for 1.0 devices, no longer used
        if (clientId != null) {
            QueryParams.id("clientId", clientId);
        }
        Fence fence = FenceParams.waitFor(request); // with it, waitMs waits for the fence instead of a new entry
        boolean longPoll = waitV > 0;
        // Held for the whole wait, here or forwarded; the wait blocks a virtual thread, never a platform one.
        // A read another instance forwarded was counted against its caller there.
        try (LongPollLimits.Permit permit = longPoll ? longPolls.acquire(waitCaller(request)) : null) {
            long left = readers.requireWithin(request, listId, waitV, () -> NotFound.noLog(listId));
            return page(request, listId, afterV, limitV, left, fence);
        }
    }

    private ResponseEntity<?> page(HttpServletRequest request, String listId, long afterV, int limitV, long waitV,
                                   Fence fence) throws InterruptedException {
        boolean longPoll = waitV > 0;
        // one deadline for the request: a second local attempt (a standby after the active) waits only what is left
        long deadline = System.nanoTime() + waitV * 1_000_000L;
        return reads.serve(request, listId, QueryTopology.LOG_STORES, waitV, target -> {
            if (longPoll) {
                meters.longPollStarted();
            }
            CatchUpQuery.Page page;
            try {
                long left = longPoll ? FenceParams.millisLeft(deadline) : 0;
                CatchUpQuery copy = catchUp.at(target);
                page = (fence == null ? copy.read(listId, afterV, limitV, left)
                        : copy.read(listId, afterV, limitV, fence, left)).orElseThrow(() -> NotFound.noLog(listId));
            } finally {
                if (longPoll) {
                    meters.longPollEnded();
                }
            }
            meters.served(longPoll, page.events().size());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(CatchUpJson.render(page,
                    fence == null ? null : fence.reachedIn(page.clientSeqs())));
        });
    }

    static NotFound noState(String listId) {
        return new NotFound("list " + listId + " has no state here (unknown list, or no ListCreated accepted yet)");
    }

}
