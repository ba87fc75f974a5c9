package io.offlinesync.query.web;

import io.offlinesync.domain.Policy;
import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.cluster.ListReads;
import io.offlinesync.query.cluster.NotFound;
import io.offlinesync.query.conflicts.ConflictQuery;
import io.offlinesync.query.conflicts.ItemHistoryView;
import io.offlinesync.query.state.ListStateView;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Explain (an item's history with the outcome of every write) and what-if (the state under another policy). */
@RestController
class ConflictsController {

    /** Names a what-if state: it is a fold of the log done for this request, not a stored projection. */
    static final String WHAT_IF_PROJECTION = "what-if";

    private final ConflictQuery conflicts;
    private final ListReads reads;
    private final ListReaders readers;

    ConflictsController(ConflictQuery conflicts, ListReads reads, ListReaders readers) {
        this.readers = readers;
        this.conflicts = conflicts;
        this.reads = reads;
    }

    @GetMapping(path = "/v1/lists/{listId}/items/{itemId}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> history(@PathVariable String listId, @PathVariable String itemId, HttpServletRequest request)
            throws InterruptedException {
        QueryParams.listId(listId);
        QueryParams.id("itemId", itemId);
        readers.require(request, listId, () -> noHistory(listId, itemId));
        return reads.serve(request, listId, QueryTopology.LOG_STORES, 0, target -> ResponseEntity.ok(
                conflicts.at(target).history(listId, itemId).map(ItemHistoryView::of).orElseThrow(
                        () -> noHistory(listId, itemId))));
    }

    @GetMapping(path = "/v1/lists/{listId}", params = "policy", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> whatIf(@PathVariable String listId, HttpServletRequest request) throws InterruptedException {
        QueryParams.listId(listId);
        String policy = QueryParams.raw(request, "policy");
        if (QueryParams.boolParam("registers", QueryParams.raw(request, "registers"), false)) {
            // a what-if is for reading, never a base to fold on: no registers for it
            throw new BadParameter("registers", "is not available with policy (a what-if state)");
        }
        FenceParams.refuseOnWhatIf(request);
        Policy asked = Policy.fromWireName(policy)
                .orElseThrow(() -> new BadParameter("policy", "must be lww, counter or vector, was '"
                        + QueryParams.abbreviate(policy) + "'"));
        readers.require(request, listId, () -> ListsController.noState(listId));
        return reads.serve(request, listId, QueryTopology.LOG_STORES, 0, target -> ResponseEntity.ok(
                conflicts.at(target).whatIf(listId, asked)
                        .map(w -> ListStateView.of(w.state(), WHAT_IF_PROJECTION, null, w.differsFromActual()))
                        .orElseThrow(() -> ListsController.noState(listId))));
    }

    private static NotFound noHistory(String listId, String itemId) {
        return new NotFound("item " + itemId + " of list " + listId + " has no history here");
    }
}
