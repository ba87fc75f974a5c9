package io.offlinesync.host;

import io.offlinesync.gateway.IngestGatewayApplication;
import io.offlinesync.projector.ProjectorApplication;
import io.offlinesync.query.QueryApplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * One service of the host, with the arguments only it gets (its port, its state directory).
 *
 * @param name the service's name, as the local stack and its own configuration file call it
 * @param args its Spring arguments ({@code --KEY=value}), the host's shared ones first
 */
record HostedService(String name, List<String> args) {

    /** The services a host can run, by name, each reading its own {@code <name>.yml}. */
    static final Map<String, Supplier<SpringApplicationBuilder>> KNOWN = known();

    HostedService {
        args = List.copyOf(args);
    }

    /** The service's application, named by its own class in its startup log lines (not by the host's). */
    SpringApplicationBuilder application() {
        SpringApplicationBuilder builder = KNOWN.get(name).get();
        builder.application().getAllSources().stream().filter(Class.class::isInstance).map(Class.class::cast)
                .findFirst().ifPresent(builder::main);
        return builder;
    }

    /**
     * The services named on the command line, in its order: {@code [--shared=x ...] name [--own=y ...] name ...}.
     * Arguments before the first name go to every service.
     *
     * @throws IllegalArgumentException naming the argument that is neither a known service nor {@code --key=value},
     *                                  a service named twice, or a command line that names none
     */
    static List<HostedService> parse(String... commandLine) {
        List<String> shared = new ArrayList<>();
        Map<String, List<String>> own = new LinkedHashMap<>();
        List<String> current = shared;
        for (String arg : commandLine) {
            if (KNOWN.containsKey(arg)) {
                if (own.containsKey(arg)) {
                    throw new IllegalArgumentException(arg + " is named twice: a host runs one instance of each service");
                }
                current = new ArrayList<>();
                own.put(arg, current);
            } else if (arg.startsWith("--") && arg.length() > 2) {
                current.add(arg);
            } else {
                throw new IllegalArgumentException("'" + arg + "' is neither a service (" + String.join(", ", KNOWN.keySet())
                        + ") nor a --key=value argument");
            }
        }
        if (own.isEmpty()) {
            throw new IllegalArgumentException("no service named; usage: ServiceHost [--shared=value ...] "
                    + String.join("|", KNOWN.keySet()) + " [--own=value ...] ...");
        }
        List<HostedService> services = new ArrayList<>();
        own.forEach((name, args) -> {
            List<String> all = new ArrayList<>(shared);
            all.addAll(args);
            services.add(new HostedService(name, all));
        });
        return services;
    }

    private static Map<String, Supplier<SpringApplicationBuilder>> known() {
        Map<String, Supplier<SpringApplicationBuilder>> known = new LinkedHashMap<>();
        known.put("ingest-gateway", IngestGatewayApplication::app);
        known.put("projector-streams", ProjectorApplication::app);
        known.put("query-api", QueryApplication::app);
        return Collections.unmodifiableMap(known);
    }
}
