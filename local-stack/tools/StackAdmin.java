import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Small Kafka admin helper for local-stack.sh, run from source with the broker's jars:
 *
 * <pre>
 * java -cp 'local-stack/target/kafka/libs/*' local-stack/tools/StackAdmin.java wait localhost:9092 60
 * java -cp ... StackAdmin.java describe localhost:9092 todo.inbox todo.events
 * </pre>
 *
 * {@code wait} waits for the broker (the services make their topics).
 * Exit codes: 0 ok, 1 failure, 2 usage.
 */
public final class StackAdmin {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        String command = args[0];
        String bootstrap = args[1];
        switch (command) {
            case "wait" -> System.exit(waitForBroker(bootstrap, args.length > 2 ? Integer.parseInt(args[2]) : 60));
            case "describe" -> System.exit(describe(bootstrap, List.of(args).subList(2, args.length)));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: StackAdmin wait <bootstrap> [timeoutSeconds]\n"
                + "       StackAdmin describe <bootstrap> [topic...]");
        System.exit(2);
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-stack-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(p);
    }

    /** Waits until the broker answers a metadata request and has a controller. */
    private static int waitForBroker(String bootstrap, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String last = "no answer";
        try (Admin admin = admin(bootstrap)) {
            while (System.nanoTime() < deadline) {
                try {
                    var cluster = admin.describeCluster();
                    int nodes = cluster.nodes().get(5, TimeUnit.SECONDS).size();
                    var controller = cluster.controller().get(5, TimeUnit.SECONDS);
                    if (nodes > 0 && controller != null && !controller.isEmpty()) {
                        System.out.println("broker " + bootstrap + " ready: cluster "
                                + cluster.clusterId().get(5, TimeUnit.SECONDS) + ", " + nodes + " node(s)");
                        return 0;
                    }
                    last = "no controller yet";
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
                Thread.sleep(250);
            }
        }
        System.err.println("broker " + bootstrap + " not ready after " + timeoutSeconds + " s: " + last);
        return 1;
    }

    /** Prints partitions and the non-default configs of the given topics (all when none given). */
    private static int describe(String bootstrap, List<String> names) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Collection<String> topics = names.isEmpty()
                    ? admin.listTopics().names().get(10, TimeUnit.SECONDS).stream().sorted().toList()
                    : names;
            Map<String, TopicDescription> descriptions = new HashMap<>();
            int missing = 0;
            var described = admin.describeTopics(topics).topicNameValues();
            for (String t : topics) {
                try {
                    descriptions.put(t, described.get(t).get(10, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    System.out.println(t + ": MISSING (" + e.getCause().getClass().getSimpleName() + ")");
                    missing++;
                }
            }
            List<ConfigResource> resources = descriptions.keySet().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            var configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
            for (String t : topics) {
                TopicDescription d = descriptions.get(t);
                if (d == null) {
                    continue;
                }
                StringBuilder overrides = new StringBuilder();
                configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t)).entries().stream()
                        .filter(e -> e.source() == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                        .forEach(e -> overrides.append(overrides.isEmpty() ? "" : ",").append(e.name()).append('=').append(e.value()));
                System.out.println(t + ": " + d.partitions().size() + " partitions" + (overrides.isEmpty() ? "" : ", " + overrides));
            }
            return missing == 0 ? 0 : 1;
        }
    }
}
