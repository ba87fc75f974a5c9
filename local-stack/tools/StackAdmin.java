import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Small Kafka admin helper for local-stack.sh, run from source with the broker's jars:
 *
 * <pre>
 * java -cp 'local-stack/target/kafka/libs/*' local-stack/tools/StackAdmin.java wait localhost:9092 60
 * java -cp ... StackAdmin.java topics localhost:9092 60 todo.inbox:6:max.message.bytes=2097152 ...
 * java -cp ... StackAdmin.java describe localhost:9092 todo.inbox todo.events
 * </pre>
 *
 * {@code topics} waits for the broker, then creates every missing topic: one JVM, which is quicker than one
 * kafka-topics run per topic. Existing topics are left as they are (reported, never altered).
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
            case "topics" -> {
                if (args.length < 3) {
                    usage();
                }
                int waited = waitForBroker(bootstrap, Integer.parseInt(args[2]));
                System.exit(waited != 0 ? waited : ensureTopics(bootstrap, List.of(args).subList(3, args.length)));
            }
            case "describe" -> System.exit(describe(bootstrap, List.of(args).subList(2, args.length)));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: StackAdmin wait <bootstrap> [timeoutSeconds]\n"
                + "       StackAdmin topics <bootstrap> <timeoutSeconds> <name>:<partitions>[:key=value,key=value...]...\n"
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

    private record TopicSpec(String name, int partitions, Map<String, String> configs) {
        static TopicSpec parse(String s) {
            String[] parts = s.split(":", 3);
            if (parts.length < 2) {
                throw new IllegalArgumentException("topic spec must be name:partitions[:k=v,...]: " + s);
            }
            Map<String, String> configs = new LinkedHashMap<>();
            if (parts.length == 3 && !parts[2].isBlank()) {
                for (String kv : parts[2].split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("bad topic config '" + kv + "' in " + s);
                    }
                    configs.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            return new TopicSpec(parts[0], Integer.parseInt(parts[1]), configs);
        }
    }

    /** Creates the topics that do not exist yet (replication factor 1: a single local broker). */
    private static int ensureTopics(String bootstrap, List<String> specs) throws Exception {
        List<TopicSpec> wanted = specs.stream().map(TopicSpec::parse).toList();
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec t : wanted) {
                if (existing.contains(t.name())) {
                    System.out.println("topic " + t.name() + " exists");
                } else {
                    missing.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()));
                }
            }
            int failures = 0;
            if (!missing.isEmpty()) {
                var result = admin.createTopics(missing);
                for (NewTopic t : missing) {
                    try {
                        result.values().get(t.name()).get(20, TimeUnit.SECONDS);
                        System.out.println("topic " + t.name() + " created: " + t.numPartitions()
                                + " partitions " + t.configs());
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof TopicExistsException) {
                            System.out.println("topic " + t.name() + " exists");
                        } else {
                            failures++;
                            System.err.println("topic " + t.name() + " NOT created: " + e.getCause());
                        }
                    }
                }
            }
            return failures == 0 ? 0 : 1;
        }
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
