package io.offlinesync.e2e;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a child process and everything it started (node starts Chromium, Chromium its renderers): the
 * descendants are listed before the parent goes, since an orphan is no longer found under it.
 */
final class ChildTree {

    private ChildTree() {
    }

    /** SIGTERM to the child, up to {@code graceSeconds} for it to exit, then SIGKILL to whatever of the tree is left. */
    static void stop(Process process, int graceSeconds) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle descendant : tree) {
            if (descendant.isAlive()) {
                descendant.destroyForcibly();
            }
        }
        for (ProcessHandle descendant : tree) {
            descendant.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> descendant).join();
        }
    }
}
