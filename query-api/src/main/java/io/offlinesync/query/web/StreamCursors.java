package io.offlinesync.query.web;

import io.offlinesync.protocol.ProtocolRules;
import io.offlinesync.query.stream.StreamProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code lists} parameter of a stream: {@code LIST:AFTER,LIST:AFTER,...}, 1 to 100 distinct lists, each
 * with the last listVersion the device has ({@code LIST} alone means {@code LIST:0}). Anything else is a 400
 * naming {@code lists}, with the offending item.
 */
final class StreamCursors {

    private static final Pattern AFTER = Pattern.compile("[0-9]{1,18}");

    private StreamCursors() {
    }

    static Map<String, Long> parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new BadParameter("lists", "is required: LIST:AFTER,LIST:AFTER,... (1 to "
                    + StreamProperties.MAX_LISTS + " lists)");
        }
        String[] items = raw.split(",", -1);
        if (items.length > StreamProperties.MAX_LISTS) {
            throw new BadParameter("lists", "holds " + items.length + " lists; at most " + StreamProperties.MAX_LISTS
                    + " are streamed at once: open a second stream");
        }
        Map<String, Long> cursors = new LinkedHashMap<>();
        for (String item : items) {
            int colon = item.indexOf(':');
            String listId = colon < 0 ? item : item.substring(0, colon);
            String after = colon < 0 ? "0" : item.substring(colon + 1);
            if (!ProtocolRules.isIdentifier(listId)) {
                throw new BadParameter("lists", "item '" + QueryParams.abbreviate(item)
                        + "': the list id " + ProtocolRules.ID_RULE);
            }
            if (!AFTER.matcher(after).matches()) {
                throw new BadParameter("lists", "item '" + QueryParams.abbreviate(item)
                        + "': the cursor after ':' must be a listVersion, an integer from 0");
            }
            if (cursors.put(listId, Long.parseLong(after)) != null) {
                throw new BadParameter("lists", "names list " + listId + " twice");
            }
        }
        return cursors;
    }
}
