package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.projection.StoredProjection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * Where a projection runs: live ({@code todo-projection-v1} into {@code todo.lists.v1}) or as a named copy built
 * beside it ({@code todo-projection-v1-check} into {@code todo.lists.v1-check}), which is how an operator rebuilds a
 * version without touching the live one. Any installed projection ({@link StoredProjection}) can run either way.
 */
public record ProjectionTarget(StoredProjection<?, ?> projection, String copy) {

    private static final Pattern COPY_NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,30}");

    public ProjectionTarget {
        if (projection == null) {
            throw new IllegalArgumentException("a projection is required");
        }
        if (copy != null && !COPY_NAME.matcher(copy).matches()) {
            throw new IllegalArgumentException("copy name must match " + COPY_NAME.pattern() + ", was '" + copy + "'");
        }
    }

    public static ProjectionTarget live(StoredProjection<?, ?> projection) {
        return new ProjectionTarget(projection, null);
    }

    /** The installed projection called {@code name} ({@code v1}, {@code 2}), live. */
    public static ProjectionTarget live(String name) {
        return live(InstalledProjections.load().require(name));
    }

    /** {@code v1}, or {@code v1-check} for a copy. */
    public String name() {
        return copy == null ? projection.name() : projection.name() + "-" + copy;
    }

    public String applicationId() {
        return "todo-projection-" + name();
    }

    public String topic() {
        return Topics.lists(name());
    }

    /** The store of each list's folded state; its changelog is {@code <applicationId>-<store>-changelog}. */
    public String store() {
        return "lists-" + projection.name() + "-fold";
    }

    /** Per task, the offset of the oldest folded entry whose list is not stored yet ({@link FoldMarker}). */
    public String markerStore() {
        return "lists-" + projection.name() + "-marker";
    }

    /**
     * The entries folded since their list's state was last stored, as the version before issue 15 kept them
     * ({@link PendingEntries}): still read on start, never written.
     */
    public String pendingStore() {
        return "lists-" + projection.name() + "-pending";
    }

    /** The internal topics Kafka Streams creates for it: the changelogs of its list-state, marker and pending stores. */
    public List<String> changelogTopics() {
        return List.of(applicationId() + "-" + store() + "-changelog",
                applicationId() + "-" + markerStore() + "-changelog",
                applicationId() + "-" + pendingStore() + "-changelog");
    }

    /**
     * The registry subjects it writes, to register before it runs: the output topic's only, with the projection's
     * own schema. Its stores keep bytes encoded elsewhere (states for the output topic, entries as read from
     * todo.events), whose schema ids resolve without subjects of their own ({@link StateBytes}).
     */
    public Map<String, Schema> subjects() {
        return Map.of(Topics.valueSubject(topic()), projection.schema());
    }
}
