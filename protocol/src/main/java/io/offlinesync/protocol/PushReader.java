package io.offlinesync.protocol;

import static io.offlinesync.protocol.ProtocolRules.*;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.EventBounds;
import io.offlinesync.domain.VClock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Turns a push request's JSON tree into domain events, or reports every rule it breaks (protocol v1,
 * "Push", and v1.1's member events). Strict on purpose: numbers must be JSON integers (no {@code 1.0}, no
 * {@code "1"}), and a field the protocol does not define is an error rather than silently dropped. An event that
 * carries {@code userId} is refused naming it: the server stamps the user on every entry from the sign-in.
 */
public final class PushReader {

    /** Errors listed in one answer; the detail still tells how many there were. */
    public static final int MAX_REPORTED_ERRORS = 100;

    private static final Set<String> TOP_FIELDS = Set.of("clientId", "events");
    private static final Set<String> AT_FIELDS = Set.of("ms", "n");
    private static final String TYPE_RULE = "must be one of ListCreated, ListRenamed, ItemAdded, ItemRenamed, "
            + "ItemCompleted, ItemReopened, ItemDeleted, MemberAdded, MemberRemoved";
    /** The field the server stamps on every log entry from the signed-in user; a device never sends it. */
    static final String USER_ID = "userId";

    private final Clock clock;

    public PushReader(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param listId the list named by the request path
     * @param body   the parsed request body
     * @throws TooManyEventsException more than {@link #MAX_EVENTS} events (checked before anything else
     *                                in the events)
     * @throws InvalidBatchException  any rule broken; lists the first {@link #MAX_REPORTED_ERRORS} errors
     */
    public PushBatch read(String listId, JsonNode body) {
        Errors errors = new Errors();
        if (!isIdentifier(listId)) {
            errors.add(null, "listId", ID_RULE + ", got " + quote(listId));
        }
        if (body == null || !body.isObject()) {
            errors.add(null, null, "the body must be a JSON object with clientId and events, not "
                    + kind(body));
            throw errors.exception();
        }
        JsonNode events = body.get("events");
        if (events != null && events.isArray() && events.size() > MAX_EVENTS) {
            throw new TooManyEventsException(events.size(), MAX_EVENTS);
        }
        String clientId = identifier(body, "clientId", null, "clientId", errors);
        List<ClientEvent> parsed = new ArrayList<>();
        if (present(events, null, "events", errors)) {
            if (!events.isArray()) {
                errors.add(null, "events", "must be an array of events, not " + kind(events));
            } else if (events.isEmpty()) {
                errors.add(null, "events", "must hold at least 1 event");
            } else {
                parseEvents(events, errors, parsed);
            }
        }
        for (String name : body.propertyNames()) {
            if (name.equals(USER_ID)) {
                errors.add(null, USER_ID, "must not be sent: the server stamps the signed-in user on the batch");
            } else if (!TOP_FIELDS.contains(name)) {
                errors.add(null, fieldName(name), "unknown field: a push request has only clientId and events");
            }
        }
        if (errors.total > 0) {
            throw errors.exception();
        }
        return new PushBatch(listId, clientId, parsed);
    }

    private void parseEvents(JsonNode events, Errors errors, List<ClientEvent> parsed) {
        long nowMs = clock.millis();
        Sequence sequence = new Sequence();
        for (int i = 0; i < events.size(); i++) {
            ClientEvent event = event(events.get(i), i, nowMs, sequence, errors);
            if (event != null) {
                parsed.add(event);
            }
        }
    }

    /**
     * The errors of one event alone, as a push holding only it would report them (with index 0): what a device
     * checks before it queues an edit (see {@link ClientEventRules}).
     */
    public List<FieldError> check(JsonNode event) {
        Errors errors = new Errors();
        event(event, 0, clock.millis(), new Sequence(), errors);
        return List.copyOf(errors.reported);
    }

    /** The event at {@code i}, or null after adding its errors. */
    private ClientEvent event(JsonNode event, int i, long nowMs, Sequence sequence, Errors errors) {
        if (!event.isObject()) {
            errors.add(i, null, "an event must be a JSON object, not " + kind(event));
            return null;
        }
        int errorsBefore = errors.total;

        String eventId = string(event, "eventId", i, "eventId", errors);
        if (eventId != null) {
            if (!isUuid(eventId)) {
                errors.add(i, "eventId", "must be a UUID in 8-4-4-4-12 hex form, got " + quote(eventId));
            } else {
                Integer first = sequence.eventIds.putIfAbsent(eventId.toLowerCase(Locale.ROOT), i);
                if (first != null) {
                    errors.add(i, "eventId", "repeats the eventId of event " + first);
                }
            }
        }

        Long clientSeq = integer(event.get("clientSeq"), i, "clientSeq", 1, MAX_INTEGER, errors);
        if (clientSeq != null) {
            Long lastSeq = sequence.lastSeq;
            int lastSeqIndex = sequence.lastSeqIndex;
            if (lastSeq != null && clientSeq != lastSeq + (i - lastSeqIndex)) {
                errors.add(i, "clientSeq", "must be " + (lastSeq + (i - lastSeqIndex))
                        + ": clientSeq rises by exactly one inside a batch (event " + lastSeqIndex
                        + " has " + lastSeq + "), got " + clientSeq);
            }
            sequence.lastSeq = clientSeq;
            sequence.lastSeqIndex = i;
        }

        String type = string(event, "type", i, "type", errors);
        if (type != null && !TYPE_FIELDS.containsKey(type)) {
            errors.add(i, "type", TYPE_RULE + ", got " + quote(type));
            type = null;
        }

        Hlc at = hlc(event, i, nowMs, errors);
        EventBody body = type == null ? null : body(type, event, i, errors);

        if (event.has(USER_ID)) {
            errors.add(i, USER_ID, "must not be sent: the server sets every entry's userId from the signed-in "
                    + "user");
        }
        if (type != null) {
            Set<String> own = TYPE_FIELDS.get(type);
            for (String name : event.propertyNames()) {
                if (!COMMON_FIELDS.contains(name) && !own.contains(name) && !name.equals(USER_ID)) {
                    errors.add(i, fieldName(name), "unknown field: not a field of " + type + " events");
                }
            }
        }
        return errors.total == errorsBefore ? new ClientEvent(eventId, clientSeq, at, body) : null;
    }

    /** What the events of one batch must agree on: distinct eventIds, clientSeq rising by one. */
    private static final class Sequence {
        private final Map<String, Integer> eventIds = new HashMap<>();
        private Long lastSeq;
        private int lastSeqIndex = -1;
    }

    private Hlc hlc(JsonNode event, int i, long nowMs, Errors errors) {
        JsonNode at = event.get("at");
        if (!present(at, i, "at", errors)) {
            return null;
        }
        if (!at.isObject()) {
            errors.add(i, "at", "must be an object {\"ms\": epoch millis, \"n\": counter}, not " + kind(at));
            return null;
        }
        Long ms = integer(at.get("ms"), i, "at.ms", 0, MAX_INTEGER, errors);
        if (ms != null && ms > nowMs + MAX_CLOCK_AHEAD_MS) {
            errors.add(i, "at.ms", "is " + (ms - nowMs) + " ms ahead of the server clock; at most "
                    + MAX_CLOCK_AHEAD_MS + " ms ahead is accepted");
            ms = null;
        }
        Long n = integer(at.get("n"), i, "at.n", 0, EventBounds.MAX_COUNTER, errors);
        for (String name : at.propertyNames()) {
            if (!AT_FIELDS.contains(name)) {
                errors.add(i, "at." + fieldName(name), "unknown field: at has only ms and n");
            }
        }
        return ms == null || n == null ? null : new Hlc(ms, n);
    }

    private EventBody body(String type, JsonNode event, int i, Errors errors) {
        switch (type) {
            case "ListCreated" -> {
                String title = title(event, i, errors);
                Policy policy = named(event, "policy", Policy::fromWireName, "lww, counter, vector", i, errors);
                return title == null || policy == null ? null : new EventBody.ListCreated(title, policy);
            }
            case "ListRenamed" -> {
                String title = title(event, i, errors);
                return title == null ? null : new EventBody.ListRenamed(title);
            }
            case "MemberAdded" -> {
                String member = identifier(event, "member", i, "member", errors);
                Role role = named(event, "role", Role::fromWireName, "owner, editor, viewer", i, errors);
                return member == null || role == null ? null : new EventBody.MemberAdded(member, role);
            }
            case "MemberRemoved" -> {
                String member = identifier(event, "member", i, "member", errors);
                return member == null ? null : new EventBody.MemberRemoved(member);
            }
            default -> {
                String itemId = identifier(event, "itemId", i, "itemId", errors);
                boolean hasTitle = type.equals("ItemAdded") || type.equals("ItemRenamed");
                String title = hasTitle ? title(event, i, errors) : null;
                Long count = integer(event.get("count"), i, "count", 1, EventBounds.MAX_COUNTER, errors);
                VClock vclock = vclock(event, i, errors);
                String note = type.equals("ItemAdded") ? note(event, i, errors) : null;
                if (itemId == null || (hasTitle && title == null) || count == null || vclock == null
                        || (event.hasNonNull("note") && note == null)) {
                    return null;
                }
                return switch (type) {
                    case "ItemAdded" -> new EventBody.ItemAdded(itemId, title, count, vclock, note);
                    case "ItemRenamed" -> new EventBody.ItemRenamed(itemId, title, count, vclock);
                    case "ItemCompleted" -> new EventBody.ItemCompleted(itemId, count, vclock);
                    case "ItemReopened" -> new EventBody.ItemReopened(itemId, count, vclock);
                    case "ItemDeleted" -> new EventBody.ItemDeleted(itemId, count, vclock);
                    default -> throw new IllegalStateException("unhandled type " + type);
                };
            }
        }
    }

    /** The optional note of an ItemAdded: absent or null is no note; else like a title, up to 2,000 code points. */
    private String note(JsonNode event, int i, Errors errors) {
        if (!event.hasNonNull("note")) {
            return null; // absent, or an explicit null: no note
        }
        String note = string(event, "note", i, "note", errors);
        if (note == null) {
            return null;
        }
        String problem = textProblem(note, MAX_NOTE_CODE_POINTS);
        if (problem != null) {
            errors.add(i, "note", problem);
            return null;
        }
        return note;
    }

    private String title(JsonNode event, int i, Errors errors) {
        String title = string(event, "title", i, "title", errors);
        if (title == null) {
            return null;
        }
        String problem = titleProblem(title);
        if (problem != null) {
            errors.add(i, "title", problem);
            return null;
        }
        return title;
    }

    /** A wire name ({@code policy}, {@code role}) that {@code lookup} knows, or null after an error. */
    private <T> T named(JsonNode event, String field, Function<String, Optional<T>> lookup, String choices, int i,
                        Errors errors) {
        String name = string(event, field, i, field, errors);
        if (name == null) {
            return null;
        }
        T value = lookup.apply(name).orElse(null);
        if (value == null) {
            errors.add(i, field, "must be one of " + choices + ", got " + quote(name));
        }
        return value;
    }

    private VClock vclock(JsonNode event, int i, Errors errors) {
        JsonNode vclock = event.get("vclock");
        if (!present(vclock, i, "vclock", errors)) {
            return null;
        }
        if (!vclock.isObject()) {
            errors.add(i, "vclock", "must be an object of clientId to integer >= 1, not " + kind(vclock));
            return null;
        }
        if (vclock.isEmpty()) {
            errors.add(i, "vclock", "must hold at least one clientId");
            return null;
        }
        if (vclock.size() > EventBounds.MAX_VCLOCK_ENTRIES) {
            errors.add(i, "vclock", "must hold at most " + EventBounds.MAX_VCLOCK_ENTRIES + " clientIds, has "
                    + vclock.size());
            return null;
        }
        Map<String, Long> entries = new TreeMap<>();
        boolean valid = true;
        for (Map.Entry<String, JsonNode> entry : vclock.properties()) {
            String key = entry.getKey();
            if (!isIdentifier(key)) {
                errors.add(i, "vclock", "every key is a clientId and " + ID_RULE + ", got " + quote(key));
                valid = false;
                continue;
            }
            Long value = integer(entry.getValue(), i, "vclock." + key, 1, EventBounds.MAX_COUNTER, errors);
            if (value == null) {
                valid = false;
            } else {
                entries.put(key, value);
            }
        }
        return valid ? new VClock(entries) : null;
    }

    private String identifier(JsonNode object, String name, Integer index, String path, Errors errors) {
        String value = string(object, name, index, path, errors);
        if (value != null && !isIdentifier(value)) {
            errors.add(index, path, ID_RULE + ", got " + quote(value));
            return null;
        }
        return value;
    }

    private String string(JsonNode object, String name, Integer index, String path, Errors errors) {
        JsonNode value = object.get(name);
        if (!present(value, index, path, errors)) {
            return null;
        }
        if (!value.isString()) {
            errors.add(index, path, "must be a string, not " + kind(value));
            return null;
        }
        return value.stringValue();
    }

    /** A JSON integer (no fraction, no exponent, not a string) in [min, max], or null after an error. */
    private static Long integer(JsonNode value, Integer index, String path, long min, long max, Errors errors) {
        if (!present(value, index, path, errors)) {
            return null;
        }
        if (!value.isNumber()) {
            errors.add(index, path, "must be an integer, not " + kind(value));
            return null;
        }
        if (!value.isIntegralNumber()) {
            errors.add(index, path, "must be a JSON integer without fraction or exponent, got "
                    + truncate(value.toString(), 40));
            return null;
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            errors.add(index, path, "must be between " + min + " and " + max + ", got "
                    + truncate(value.toString(), 40));
            return null;
        }
        return value.longValue();
    }

    private static boolean present(JsonNode value, Integer index, String path, Errors errors) {
        if (value == null || value.isMissingNode()) {
            errors.add(index, path, "is required");
            return false;
        }
        if (value.isNull()) {
            errors.add(index, path, "must not be null");
            return false;
        }
        return true;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /** A field name from the request as it may appear in a path: long names are cut. */
    private static String fieldName(String name) {
        StringBuilder out = new StringBuilder();
        String cut = truncate(name, 100);
        for (int k = 0; k < cut.length(); k++) {
            char c = cut.charAt(k);
            boolean paired = Character.isHighSurrogate(c) && k + 1 < cut.length()
                    && Character.isLowSurrogate(cut.charAt(k + 1));
            if (paired) {
                out.append(c).append(cut.charAt(++k));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        String cut = truncate(value, 80);
        cut.codePoints().forEach(cp -> {
            if (Character.getType(cp) == Character.CONTROL || (cp <= 0xFFFF && Character.isSurrogate((char) cp))) {
                out.append(String.format("\\u%04X", cp));
            } else if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }

    private static String truncate(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + "…";
    }

    /** Collects errors; keeps the first {@link #MAX_REPORTED_ERRORS} and counts them all. */
    private static final class Errors {
        private final List<FieldError> reported = new ArrayList<>();
        private int total;

        void add(Integer index, String field, String message) {
            total++;
            if (reported.size() < MAX_REPORTED_ERRORS) {
                reported.add(new FieldError(index, field, message));
            }
        }

        InvalidBatchException exception() {
            return new InvalidBatchException(reported, total);
        }
    }
}
