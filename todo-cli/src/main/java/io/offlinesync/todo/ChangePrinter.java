package io.offlinesync.todo;

import io.offlinesync.client.ItemView;
import io.offlinesync.client.ListView;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Prints what changed between the views a watch sees: one line per added, changed or removed item, each after
 * {@code prefix} (the listId when several lists are watched).
 */
final class ChangePrinter {

    private final PrintWriter out;
    private final String prefix;
    private ListView last;

    ChangePrinter(PrintWriter out, ListView first, String prefix) {
        this.out = out;
        this.last = first;
        this.prefix = prefix;
    }

    /** Prints the changes from the last view to {@code view}; returns whether there were any. */
    synchronized boolean print(ListView view) {
        boolean changed = false;
        if (!Objects.equals(view.title(), last.title()) && view.title() != null) {
            out.println(prefix + "list title: " + view.title());
            changed = true;
        }
        for (ItemView item : view.items()) {
            ItemView before = last.item(item.itemId());
            if (before == null) {
                out.println(prefix + "+ " + ListPrinter.item(item));
                changed = true;
            } else if (!sameShown(before, item)) {
                out.println(prefix + "~ " + ListPrinter.item(item));
                changed = true;
            }
        }
        for (ItemView item : last.items()) {
            if (view.item(item.itemId()) == null) {
                out.println(prefix + "- " + item.itemId() + "  " + item.title());
                changed = true;
            }
        }
        out.flush();
        last = view;
        return changed;
    }

    private static boolean sameShown(ItemView a, ItemView b) {
        return a.title().equals(b.title()) && a.completed() == b.completed() && a.conflicts().equals(b.conflicts());
    }
}
