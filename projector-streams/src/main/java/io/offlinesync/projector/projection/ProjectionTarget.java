package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * Where a projection version runs: live ({@code todo-projection-v1} into {@code todo.lists.v1}) or as a
 * named copy built beside it ({@code todo-projection-v1-check} into {@code todo.lists.v1-check}), which
 * is how an operator rebuilds a version without touching the live one.
 */
public record ProjectionTarget(ProjectionVersion version, String copy) {

    private static final Pattern COPY_NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,30}");

    public ProjectionTarget {
        if (copy != null && !COPY_NAME.matcher(copy).matches()) {
            throw new IllegalArgumentException("copy name must match " + COPY_NAME.pattern() + ", was '" + copy + "'");
        }
    }

    public static ProjectionTarget live(ProjectionVersion version) {
        return new ProjectionTarget(version, null);
    }

    /** {@code v1}, or {@code v1-check} for a copy. */
    public String name() {
        return copy == null ? version.id() : version.id() + "-" + copy;
    }

    public String applicationId() {
        return copy == null ? version.applicationId() : version.applicationId() + "-" + copy;
    }

    public String topic() {
        return Topics.lists(name());
    }

    /** The internal topics Kafka Streams creates for it: the changelogs of its list-state, marker and pending stores. */
    public List<String> changelogTopics() {
        return List.of(applicationId() + "-" + version.store() + "-changelog",
                applicationId() + "-" + version.markerStore() + "-changelog",
                applicationId() + "-" + version.pendingStore() + "-changelog");
    }

    /**
     * The registry subjects it writes, to register before it runs: the output topic's only. Its stores keep
     * bytes encoded elsewhere (list states for the output topic, entries as read from todo.events), whose
     * schema ids resolve without subjects of their own ({@link ListStateBytes}).
     */
    public Map<String, Schema> subjects() {
        return Map.of(Topics.valueSubject(topic()), ListState.getClassSchema());
    }
}
