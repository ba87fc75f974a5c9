package io.offlinesync.host;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

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
 * a process that stops all three when it stops.
 */
public final class ServiceHost {

    private static final Logger log = LoggerFactory.getLogger(ServiceHost.class);

    /** Added before each service's own arguments (which can override it). */
    static final List<String> HOST_ARGS = List.of("--logging.include-application-name=false");

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
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        for (HostedService service : services) {
            List<String> serviceArgs = new ArrayList<>(HOST_ARGS);
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
}
