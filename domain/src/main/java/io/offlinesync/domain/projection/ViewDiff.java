package io.offlinesync.domain.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compares two projections' views of one list field by field. Nested objects are compared by path
 * ({@code members.ann}), arrays of objects with an {@code itemId} element by element ({@code items[milk].title}, plus
 * {@code items order}), other values whole.
 *
 * <p>What counts as a disagreement, the rule that gates activating a version: a field both views have with different
 * values, an element one of them lacks (an item the new version moved elsewhere), and a field only the old version has
 * (clients reading it would lose it). A field only the new version has is what it adds: reported, never a disagreement.
 */
public final class ViewDiff {

    private static final String ORDER = " order";
    private static final Pattern ELEMENT_KEY = Pattern.compile("\\[[^\\]]*\\]");

    /**
     * @param disagreements each worded for an operator ({@code title: 'A' vs 'B'}, {@code items[milk]: only in v2})
     * @param added         the fields only the new version has, as patterns ({@code stateHash}, {@code items[*].addedAt})
     */
    public record Result(List<String> disagreements, List<String> added) {

        public boolean agrees() {
            return disagreements.isEmpty();
        }
    }

    private ViewDiff() {
    }

    /** {@code from}: the version served now (or the first compared), {@code to}: the one that would replace it. */
    public static Result compare(Map<String, Object> from, Map<String, Object> to, String fromName, String toName) {
        Map<String, Object> a = flatten(from);
        Map<String, Object> b = flatten(to);
        List<String> disagreements = new ArrayList<>();
        TreeSet<String> added = new TreeSet<>();
        TreeSet<String> missingElements = new TreeSet<>();
        for (Map.Entry<String, Object> field : a.entrySet()) {
            String path = field.getKey();
            if (path.endsWith(ORDER) && b.containsKey(path)) {
                List<?> x = (List<?>) field.getValue();
                List<?> y = (List<?>) b.get(path);
                if (!x.equals(y) && new TreeSet<>(x.stream().map(String::valueOf).toList())
                        .equals(new TreeSet<>(y.stream().map(String::valueOf).toList()))) {
                    disagreements.add(path); // the same elements in another order; other differences are reported per element
                }
            } else if (b.containsKey(path)) {
                if (!same(field.getValue(), b.get(path))) {
                    disagreements.add(path + ": " + shown(field.getValue()) + " vs " + shown(b.get(path)));
                }
            } else if (element(path) != null && b.containsKey(array(path) + ORDER)) {
                if (!b.containsKey(element(path))) {
                    missingElements.add(element(path) + ": only in " + fromName);
                } else {
                    disagreements.add(path + ": only in " + fromName);
                }
            } else {
                disagreements.add(path + ": only in " + fromName);
            }
        }
        for (String path : b.keySet()) {
            if (a.containsKey(path)) {
                continue;
            }
            if (element(path) != null && a.containsKey(array(path) + ORDER) && !a.containsKey(element(path))) {
                missingElements.add(element(path) + ": only in " + toName);
            } else {
                added.add(pattern(path));
            }
        }
        disagreements.addAll(missingElements);
        return new Result(disagreements, List.copyOf(added));
    }

    /** {@code items[milk].title} -> {@code items[*].title}: the same field of every element. */
    public static String pattern(String path) {
        return ELEMENT_KEY.matcher(path).replaceAll("[*]");
    }

    /** The disagreement's field without its values: {@code items[*]: only in v3}, {@code title}. */
    public static String kind(String disagreement) {
        int colon = disagreement.indexOf(": "); // paths have none: ids are [A-Za-z0-9_-]
        if (colon < 0) {
            return pattern(disagreement);
        }
        String rest = disagreement.substring(colon + 2);
        return pattern(disagreement.substring(0, colon)) + (rest.startsWith("only in ") ? ": " + rest : "");
    }

    /** The element a path is in ({@code items[milk]} for {@code items[milk].title}), or null. */
    private static String element(String path) {
        int close = path.indexOf(']');
        return close < 0 ? null : path.substring(0, close + 1);
    }

    /** The array a path is in ({@code items} for {@code items[milk].title}); only for paths in an element. */
    private static String array(String path) {
        return path.substring(0, path.indexOf('['));
    }

    static Map<String, Object> flatten(Map<String, Object> view) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", view, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty() && !prefix.isEmpty()) {
                flat.put(prefix, Map.of());
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), flat);
            }
        } else if (value instanceof List<?> list && list.isEmpty()) {
            flat.put(prefix + ORDER, List.of()); // as a keyed array without elements: its elements compare one by one
        } else if (value instanceof List<?> list && list.stream().allMatch(ViewDiff::keyed)) {
            List<String> order = new ArrayList<>();
            for (Object element : list) {
                Map<String, Object> item = (Map<String, Object>) element;
                String path = prefix + "[" + item.get("itemId") + "]";
                order.add(String.valueOf(item.get("itemId")));
                flat.put(path, true);
                Map<String, Object> rest = new LinkedHashMap<>(item);
                rest.remove("itemId");
                flatten(path, rest, flat);
            }
            flat.put(prefix + ORDER, order);
        } else {
            flat.put(prefix, value);
        }
    }

    private static boolean keyed(Object element) {
        return element instanceof Map<?, ?> map && map.get("itemId") != null;
    }

    private static boolean same(Object x, Object y) {
        if (x instanceof Number a && y instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return Objects.equals(x, y);
    }

    private static String shown(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
