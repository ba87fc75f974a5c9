package io.offlinesync.todo;

import io.offlinesync.client.ItemView;
import io.offlinesync.client.ListStatus;
import io.offlinesync.client.ServerList;
import io.offlinesync.client.SetAside;
import io.offlinesync.client.ListView;
import io.offlinesync.client.SyncStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How the app prints lists, items and status: plain text, one thing per line, stable for scripts and tests. */
final class ListPrinter {

    private ListPrinter() {
    }

    /** One line of {@code todo lists} for a list of the user's on the server: {@code groceries  "Groceries"  owner  v7  followed}. */
    static String serverList(ServerList list, boolean followed) {
        return list.listId() + "  " + (list.title() == null ? "(no state yet)" : "\"" + list.title() + "\"") + "  "
                + list.role() + "  v" + list.listVersion() + (followed ? "  followed" : "");
    }

    /** One line of {@code todo lists} for a list this profile follows that the server does not list for the user. */
    static String followedOnly(ListView view) {
        return (view.created() ? view.listId() + "  \"" + view.title() + "\"" : view.listId())
                + "  followed, not on the server" + (view.pendingEdits() > 0 ? " yet (" + view.pendingEdits()
                + " edits pending)" : " (or no longer yours)");
    }

    /** One line for a list this profile follows, from what the device has (when the server cannot be asked). */
    static String summary(ListView view) {
        if (!view.created()) {
            return view.listId() + "  (not downloaded yet)";
        }
        return view.listId() + "  \"" + view.title() + "\"  " + view.items().size() + " items  v" + view.syncedVersion()
                + (view.pendingEdits() > 0 ? "  " + view.pendingEdits() + " pending" : "");
    }

    static void print(ListView view, PrintWriter out) {
        if (!view.created()) {
            out.println(view.listId() + ": nothing yet (run `todo sync` to download it)");
            return;
        }
        out.println(view.title() + " (" + view.listId() + ", " + view.policy().wireName() + ", v" + view.syncedVersion()
                + (view.pendingEdits() > 0 ? ", " + view.pendingEdits() + " edits pending" : "") + ")");
        if (view.items().isEmpty()) {
            out.println("  (no items)");
        }
        view.items().forEach(item -> out.println("  " + item(item)));
    }

    /** {@code [x] a1b2c3  Buy milk *  ! title: Buy milk | Buy oat milk}. */
    static String item(ItemView item) {
        StringBuilder line = new StringBuilder(item.completed() ? "[x] " : "[ ] ")
                .append(item.itemId()).append("  ").append(item.title());
        if (item.pending()) {
            line.append(" *");
        }
        if (!item.conflicts().isEmpty()) {
            line.append("  ! ").append(conflicts(item.conflicts()));
        }
        return line.toString();
    }

    private static String conflicts(Map<String, List<Object>> conflicts) {
        return conflicts.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(" | ")))
                .collect(Collectors.joining("; "));
    }

    static void status(SyncStatus status, PrintWriter out) {
        out.println(status.pending() + " edits pending");
        for (ListStatus list : status.lists()) {
            out.println("  " + list.listId() + (list.title() != null ? " \"" + list.title() + "\"" : "") + ": cursor v"
                    + list.cursor() + ", server head v" + list.serverHead() + ", " + list.pending() + " pending");
        }
        out.println("last error: " + (status.lastError() == null ? "none" : status.lastError()));
        if (!status.rejections().isEmpty()) {
            out.println("rejected edits:");
            status.rejections().forEach(r -> out.println("  " + r));
        }
        if (!status.setAside().isEmpty()) {
            out.println("set-aside edits (refused for good, kept here; `todo discard LIST ID` deletes one):");
            status.setAside().forEach(s -> out.println("  " + setAside(s)));
        }
    }

    /** One set-aside edit: list, a short id to type, type, reason. */
    static String setAside(SetAside s) {
        return s.listId() + " " + s.eventId().substring(0, 8) + "  " + s.eventType() + ": " + s.reason();
    }
}
