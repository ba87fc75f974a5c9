package io.offlinesync.domain;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Upper bounds of the bytes a list's state takes once encoded (Avro binary, as {@code todo.lists.vN} stores it,
 * the fields of every projection version included), computed from the domain objects without encoding them. A
 * long or an int takes at most 10 bytes, a string at most 5 bytes of length plus its UTF-8 bytes, an array or map
 * at most 5 bytes of count per block plus 1 to end it. The sequencer keeps the sum under its {@code size} bound,
 * so the state stays under the record limit by construction.
 */
public final class StateSize {

    private static final int LONG = 10;
    private static final int LENGTH = 5;
    private static final int OPTIONAL_LONG = 1 + LONG;
    /** An Hlc: two longs. */
    private static final int HLC = 2 * LONG;

    private StateSize() {
    }

    /** One item: its id, versions, server times and both registers with every write they keep. */
    public static long item(Item item) {
        return text(item.itemId()) + LONG + OPTIONAL_LONG + 2L * OPTIONAL_LONG
                + register(item.title(), true) + register(item.completed(), false);
    }

    /** One client's entry in the state's {@code clientSeqs}. */
    public static long client(String clientId) {
        return text(clientId) + LONG;
    }

    /** One member's entry in the state's {@code members} (user id -> role name). */
    public static long member(String userId, Role role) {
        return text(userId) + text(role.wireName());
    }

    /** The list's title as its state keeps it (with its stamp). */
    public static long title(String title) {
        return text(title) + HLC;
    }

    private static long register(Register<?> register, boolean text) {
        long bytes = LENGTH + 1;
        for (Write<?> write : register.writes()) {
            bytes += (text ? text((String) write.value()) : 1) + HLC + text(write.stamp().clientId()) + LONG
                    + vclock(write.vclock()) + LONG;
        }
        return bytes;
    }

    private static long vclock(VClock clock) {
        long bytes = LENGTH + 1;
        for (Map.Entry<String, Long> entry : clock.entries().entrySet()) {
            bytes += text(entry.getKey()) + LONG;
        }
        return bytes;
    }

    private static long text(String text) {
        return LENGTH + (text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length);
    }
}
