package io.offlinesync.projector.cli;

import io.offlinesync.domain.projection.ViewDiff;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two projections compared list by list ({@link ViewDiff}): how many lists disagree, on what (each kind of
 * disagreement with its number of lists), a few examples, and the fields only the second adds. Printed by diff and
 * by activate before it switches.
 */
record ViewsComparison(String from, String to, int lists, Map<String, List<String>> disagreeing,
                       Map<String, Integer> kinds, List<String> added) {

    static ViewsComparison of(Map<String, Map<String, Object>> a, Map<String, Map<String, Object>> b,
                              String from, String to) {
        TreeSet<String> lists = new TreeSet<>(a.keySet());
        lists.addAll(b.keySet());
        Map<String, List<String>> disagreeing = new LinkedHashMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        TreeSet<String> added = new TreeSet<>();
        for (String listId : lists) {
            List<String> found;
            if (!a.containsKey(listId) || !b.containsKey(listId)) {
                found = List.of("list only in " + (a.containsKey(listId) ? from : to));
            } else {
                ViewDiff.Result result = ViewDiff.compare(a.get(listId), b.get(listId), from, to);
                found = result.disagreements();
                added.addAll(result.added());
            }
            if (!found.isEmpty()) {
                disagreeing.put(listId, found);
                found.stream().map(ViewDiff::kind).distinct().forEach(kind -> kinds.merge(kind, 1, Integer::sum));
            }
        }
        return new ViewsComparison(from, to, lists.size(), disagreeing, kinds, List.copyOf(added));
    }

    boolean agrees() {
        return disagreeing.isEmpty();
    }

    /** Up to {@code show} differing lists, then the totals per kind and what {@code to} adds. */
    void print(PrintWriter out, int show) {
        disagreeing.entrySet().stream().limit(show).forEach(e ->
                out.printf("  %s: %s%n", e.getKey(), String.join("; ", e.getValue().stream().limit(5).toList())
                        + (e.getValue().size() > 5 ? "; ... (" + e.getValue().size() + " in all)" : "")));
        out.printf("%d of %d lists differ between %s and %s%n", disagreeing.size(), lists, from, to);
        kinds.forEach((kind, count) -> out.printf("  %-50s %d list%s%n", kind, count, count == 1 ? "" : "s"));
        if (!added.isEmpty()) {
            out.printf("%s adds (not a disagreement): %s%n", to, String.join(", ", added));
        }
        out.flush();
    }
}
