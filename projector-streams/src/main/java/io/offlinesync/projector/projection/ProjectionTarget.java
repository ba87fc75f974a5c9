package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import java.util.LinkedHashMap;
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

    public String changelogTopic() {
        return applicationId() + "-" + version.store() + "-changelog";
    }

    /** The pending-entries store's changelog (see {@link PendingEntries}). */
    public String pendingChangelogTopic() {
        return applicationId() + "-" + version.pendingStore() + "-changelog";
    }

    /** The registry subjects it writes (output topic, store changelogs), to register before it runs. */
    public Map<String, Schema> subjects() {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(Topics.valueSubject(topic()), ListState.getClassSchema());
        subjects.put(Topics.valueSubject(changelogTopic()), ListState.getClassSchema());
        subjects.put(Topics.valueSubject(pendingChangelogTopic()), LogEntry.getClassSchema());
        return subjects;
    }
}
