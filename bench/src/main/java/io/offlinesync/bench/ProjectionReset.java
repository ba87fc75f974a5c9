package io.offlinesync.bench;

import io.offlinesync.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Forgets everything a projection built (its topic, its application's internal topics and committed offsets), so the
 * next replay of it starts from offset 0, as the first one did: `switch` measures a replay from scratch every time.
 * Run with no service reading the projection (the stack's query-api would hold the topic).
 */
final class ProjectionReset {

    private ProjectionReset() {
    }

    static void run(StackEndpoints stack, String projection) throws Exception {
        String applicationId = "todo-projection-" + projection;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.equals(Topics.lists(projection)) || t.startsWith(applicationId + "-")).toList();
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            try {
                admin.deleteConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
            System.out.printf("reset %s: deleted %s and the group %s%n", projection, topics, applicationId);
        }
    }
}
