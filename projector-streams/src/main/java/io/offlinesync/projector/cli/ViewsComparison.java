package io.offlinesync.projector.cli;

import io.offlinesync.domain.projection.ViewDiff;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two projections compared list by list ({@link ViewDiff}), fed a list at a time: how many lists disagree, on what
 * (each kind of disagreement with its number of lists), the first few examples, and the fields only the second adds.
 * Printed by diff and by activate before it switches. It keeps counts and {@code show} examples, never every list.
 */
final class ViewsComparison {

    private final String from;
    private final String to;
    private final int show;
    private int lists;
    private int disagreeing;
    private final Map<String, List<String>> examples = new LinkedHashMap<>();
    private final Map<String, Integer> kinds = new TreeMap<>();
    private final TreeSet<String> added = new TreeSet<>();

    ViewsComparison(String from, String to, int show) {
        this.from = from;
        this.to = to;
        this.show = show;
    }

    /** One list's views under {@code from} and {@code to}; null where that projection has no state of it. */
    void add(String listId, Map<String, Object> a, Map<String, Object> b) {
        lists++;
        List<String> found;
        if (a == null || b == null) {
            found = List.of("list only in " + (a != null ? from : to));
        } else {
            ViewDiff.Result result = ViewDiff.compare(a, b, from, to);
            found = result.disagreements();
            added.addAll(result.added());
        }
        if (!found.isEmpty()) {
            disagreeing++;
            if (examples.size() < show) {
                examples.put(listId, found);
            }
            found.stream().map(ViewDiff::kind).distinct().forEach(kind -> kinds.merge(kind, 1, Integer::sum));
        }
    }

    boolean agrees() {
        return disagreeing == 0;
    }

    /** The examples, then the totals per kind and what {@code to} adds. */
    void print(PrintWriter out) {
        examples.forEach((listId, found) -> out.printf("  %s: %s%n", listId,
                String.join("; ", found.stream().limit(5).toList())
                        + (found.size() > 5 ? "; ... (" + found.size() + " in all)" : "")));
        out.printf("%d of %d lists differ between %s and %s%n", disagreeing, lists, from, to);
        kinds.forEach((kind, count) -> out.printf("  %-50s %d list%s%n", kind, count, count == 1 ? "" : "s"));
        if (!added.isEmpty()) {
            out.printf("%s adds (not a disagreement): %s%n", to, String.join(", ", added));
        }
        out.flush();
    }
}
