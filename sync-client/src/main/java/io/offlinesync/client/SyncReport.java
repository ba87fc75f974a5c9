package io.offlinesync.client;

import java.util.List;

/**
 * What one sync did: events pushed (accepted by the gateway), log entries pulled, rejections of own events
 * met, pushes the gateway refused for a reason that is not the events' (401, 403, ...: those events stay
 * pending; the message says why), events set aside in this sync (refused for good as invalid), and
 * {@code joinedAt}: the listVersion of the server snapshot a list was joined from in this sync (0: none;
 * a joining device whose server predates snapshots with registers pulls the whole log instead), and {@code fences}:
 * each download after a push that waited for the push's read-your-writes fence, and what came of it.
 */
public record SyncReport(int pushed, int pulled, List<Rejection> rejections, List<String> refusals, long joinedAt,
                         List<SetAside> setAside, List<FenceWait> fences) {

    public SyncReport {
        rejections = List.copyOf(rejections);
        refusals = List.copyOf(refusals);
        setAside = List.copyOf(setAside);
        fences = List.copyOf(fences);
    }

    static SyncReport empty() {
        return new SyncReport(0, 0, List.of(), List.of(), 0, List.of(), List.of());
    }

    SyncReport plus(SyncReport other) {
        return new SyncReport(pushed + other.pushed, pulled + other.pulled,
                concat(rejections, other.rejections), concat(refusals, other.refusals), Math.max(joinedAt, other.joinedAt),
                concat(setAside, other.setAside), concat(fences, other.fences));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
