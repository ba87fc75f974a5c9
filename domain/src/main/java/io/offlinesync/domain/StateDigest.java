package io.offlinesync.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest of a list's visible state (projection v2's {@code stateHash}): lowercase hex SHA-256 of
 * {@link #canonical(TodoList)}. Devices compute it from their own fold and compare it with the
 * server's, so the rendering is fixed and documented here rather than left to a JSON library:
 *
 * <pre>
 * S(x)   = the UTF-8 byte length of x, ':', x            (length-prefixed, so no escaping is needed)
 * text   = "list" S(title) S(policy wire name) N(count of visible items)
 *          then per visible item, in first-added order:
 *          "item" S(itemId) S(title) ("1" if completed else "0") N(count of conflicting registers)
 *          then per conflicting register, by register name: S(name) N(count) then S(value) per
 *          distinct value, values sorted by their text
 * N(n)   = the decimal n, ';'
 * </pre>
 *
 * Hidden items (deleted, never added), versions, clocks and server times are not part of it: two
 * folds that show the same list have the same digest.
 */
public final class StateDigest {

    private StateDigest() {
    }

    public static String of(TodoList list) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical(list).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The text that is hashed; see the class comment for its grammar. */
    public static String canonical(TodoList list) {
        StringBuilder out = new StringBuilder("list");
        text(out, list.title() == null ? "" : list.title());
        text(out, list.policy().wireName());
        List<Item> visible = list.visibleItems();
        number(out, visible.size());
        for (Item item : visible) {
            out.append("item");
            text(out, item.itemId());
            text(out, item.title().value());
            out.append(item.done() ? '1' : '0');
            Map<String, List<Object>> conflicts = new TreeMap<>(item.conflicts());
            number(out, conflicts.size());
            conflicts.forEach((register, values) -> {
                text(out, register);
                List<String> sorted = values.stream().map(String::valueOf).sorted().toList();
                number(out, sorted.size());
                sorted.forEach(v -> text(out, v));
            });
        }
        return out.toString();
    }

    private static void text(StringBuilder out, String value) {
        out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
    }

    private static void number(StringBuilder out, long n) {
        out.append(n).append(';');
    }
}
