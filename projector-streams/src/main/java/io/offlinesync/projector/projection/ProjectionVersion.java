package io.offlinesync.projector.projection;

import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The projection versions the platform can run. Each is one derivation of todo.events: the domain fold
 * ({@link TodoList}) followed by the version's rendering of the folded list into a {@link ListState}.
 * v1's rendering is the original one; v2 adds open/done counts, per-item server times and the state
 * digest. A new version is a new constant here (and, when it needs them, new optional schema fields).
 */
public enum ProjectionVersion {

    V1(1, ListStateCodec::toAvro),
    V2(2, ListStateCodec::toAvroV2);

    private final int number;
    private final BiFunction<TodoList, SourcePosition, ListState> render;

    ProjectionVersion(int number, BiFunction<TodoList, SourcePosition, ListState> render) {
        this.number = number;
        this.render = render;
    }

    public int number() {
        return number;
    }

    /** {@code v1}, {@code v2}: how operators, query-api and topic names call it. */
    public String id() {
        return "v" + number;
    }

    public String applicationId() {
        return "todo-projection-" + id();
    }

    /** The store of each list's folded state; its changelog is {@code <applicationId>-<store>-changelog}. */
    public String store() {
        return "lists-" + id() + "-fold";
    }

    public String topic() {
        return Topics.lists(id());
    }

    /**
     * The entries folded since their list's state was last stored, as the version before issue 15 kept them
     * ({@link PendingEntries}): still read on start, never written.
     */
    public String pendingStore() {
        return "lists-" + id() + "-pending";
    }

    /** Per task, the offset of the oldest folded entry whose list is not stored yet ({@link FoldMarker}). */
    public String markerStore() {
        return "lists-" + id() + "-marker";
    }

    /** The version's rendering of a folded list into the record it stores and emits. */
    BiFunction<TodoList, SourcePosition, ListState> render() {
        return render;
    }

    /** {@code v2}, {@code V2} or {@code 2}. */
    public static Optional<ProjectionVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String id = text.toLowerCase(Locale.ROOT);
        String normalized = id.startsWith("v") ? id : "v" + id;
        return Arrays.stream(values()).filter(v -> v.id().equals(normalized)).findFirst();
    }
}
