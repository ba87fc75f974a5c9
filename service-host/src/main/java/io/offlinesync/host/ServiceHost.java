package io.offlinesync.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.unit.DataSize;

/**
 * Runs several of the platform's services in one JVM, each its own Spring application with its own configuration
 * file, port, state directory, Kafka clients and Streams applications: what they share is the JVM's fixed cost
 * (the classes of Spring, Tomcat, Kafka and Avro, their JIT-compiled code, the JDK's own), which at rest is most of a
 * service's memory (BENCHMARKS.md, "Memory at rest"). The local stack runs each instance's three services this way.
 *
 * <pre>java -jar service-host-exec.jar [--shared=value ...] ingest-gateway [--own=value ...] query-api [...] ...</pre>
 *
 * <p>The services start one after another in the order named and close in that order on SIGTERM (Spring's one
 * shutdown hook closes them in the order they started): the gateway first stops taking pushes, then the projector
 * commits and leaves its groups. If one cannot start, those already started are closed and the JVM exits with 1: a
 * host runs all of its services or none, so the local stack never shows a half-started instance as running.
 *
 * <p>What a shared JVM changes: one heap and one collector for the three (size it for their sum), one log stream
 * (Spring's application name is left out of it: it is the JVM's, so it would name one service on every line), and
 * a process that stops all three when it stops. RocksDB's memory budget ({@code ROCKSDB_MEMORY}) is one per process,
 * shared by every store in it: unless it is set, the host gives each service with stores its default share
 * ({@link #rocksDbBudget}), as it would have in a JVM of its own. With one share for two services their memtables
 * flushed twice as often, and the sequencer benchmark ran at 12,400 instead of 17,200 events/s (BENCHMARKS.md).
 */
public final class ServiceHost {

    private static final Logger log = LoggerFactory.getLogger(ServiceHost.class);

    /** Added before each service's own arguments (which can override it). */
    static final List<String> HOST_ARGS = List.of("--logging.include-application-name=false");
    /** The services that keep RocksDB stores, and each one's share when {@code ROCKSDB_MEMORY} is not set. */
    static final Set<String> WITH_STORES = Set.of("projector-streams", "query-api");
    static final DataSize STORE_SHARE = DataSize.ofMegabytes(64);

    private ServiceHost() {
    }

    public static void main(String[] args) {
        List<HostedService> services;
        try {
            services = HostedService.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("service-host: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<String> hostArgs = new ArrayList<>(HOST_ARGS);
        rocksDbBudget(services, System.getenv()).ifPresent(budget -> {
            hostArgs.add("--ROCKSDB_MEMORY=" + budget);
            log.info("service-host: one RocksDB budget of {} for the stores of {}", budget,
                    services.stream().map(HostedService::name).filter(WITH_STORES::contains).toList());
        });
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        for (HostedService service : services) {
            List<String> serviceArgs = new ArrayList<>(hostArgs);
            serviceArgs.addAll(service.args());
            try {
                started.add(service.application().run(serviceArgs.toArray(String[]::new)));
            } catch (RuntimeException e) {
                log.error("service-host: {} did not start; closing the {} started before it and exiting",
                        service.name(), started.size(), e);
                started.reversed().forEach(ConfigurableApplicationContext::close);
                System.exit(1);
                return;
            }
        }
        log.info("service-host: running {} in one JVM", services.stream().map(HostedService::name).toList());
    }

    /**
     * The process's RocksDB budget when nobody set one ({@code ROCKSDB_MEMORY} in the environment or an argument):
     * a {@link #STORE_SHARE} per hosted service with stores, so two of them keep the memory they had apart.
     */
    static Optional<String> rocksDbBudget(List<HostedService> services, Map<String, String> environment) {
        boolean set = environment.containsKey("ROCKSDB_MEMORY") || services.stream().flatMap(s -> s.args().stream())
                .anyMatch(arg -> arg.startsWith("--ROCKSDB_MEMORY=") || arg.startsWith("--sync.rocksdb-memory="));
        long withStores = services.stream().map(HostedService::name).filter(WITH_STORES::contains).count();
        if (set || withStores < 2) {
            return Optional.empty();
        }
        return Optional.of(STORE_SHARE.toMegabytes() * withStores + "MB");
    }
}
