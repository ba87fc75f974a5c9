package io.offlinesync.query.web;

/** The active projection (todo.projections) is not among the ones this instance materializes (503). */
final class ProjectionUnavailable extends RuntimeException {
    ProjectionUnavailable(String projection) {
        super("the active projection " + projection + " is not served by this instance (sync.projections)");
    }
}
