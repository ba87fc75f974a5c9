package io.offlinesync.projector.cli;

import io.offlinesync.schemas.AvroPackages;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.projections.ProjectionControl;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator's command line for projection versions: status, replay (build a version, or a named copy
 * beside it), diff, activate and rollback; and for the dead-letter topic: deadletters list and redrive. Run by the root {@code ./projections} script.
 */
@Command(name = "projections", mixinStandardHelpOptions = true, version = "projections 0.1.0",
        description = "Replays, compares and switches the projection versions query-api serves; lists and "
                + "re-drives dead letters.",
        subcommands = {StatusCommand.class, ReplayCommand.class, DiffCommand.class, ActivateCommand.class,
                RollbackCommand.class, DeadLettersCommand.class})
public final class ProjectionsCommand implements Runnable {

    @Option(names = "--bootstrap-servers", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}", description = "Kafka (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--kafka-property", scope = CommandLine.ScopeType.INHERIT, paramLabel = "KEY=VALUE",
            description = "a setting of every Kafka client (security.protocol=SASL_SSL, ...), over those of the "
                    + "environment: SPRING_KAFKA_PROPERTIES_<KEY>, as the services read them")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--registry", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:REGISTRY_URL:-http://localhost:8080}", description = "schema registry (default: ${DEFAULT-VALUE})")
    String registry;

    @Option(names = "--query-api", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:QUERY_API_URL:-http://localhost:8082}",
            description = "query-api, which checks the operator's token and makes the switches (default: ${DEFAULT-VALUE})")
    String queryApi;

    @Option(names = "--token-file", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:SYNC_TOKEN_FILE}",
            description = "file holding an operator's access token (scope sync:admin); default: the SYNC_TOKEN "
                    + "environment variable")
    java.nio.file.Path tokenFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Decides whether the operator may go on; {@link #commandLine()} asks query-api. */
    private Function<ProjectionsCommand, OperatorAccess.Check> operatorCheck = root -> root.operator()::require;

    /** Held, because java.util.logging keeps loggers only weakly and would forget the level. */
    private static final java.util.logging.Logger APICURIO_LOG = java.util.logging.Logger.getLogger("io.apicurio");

    public static void main(String[] args) {
        // an operator's command line: Kafka clients' INFO lines (config dumps) would bury the answer
        if (System.getenv("PROJECTIONS_VERBOSE") == null && org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
            // one line per failed connection attempt while the broker is down: the error message says it once
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient"))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
            APICURIO_LOG.setLevel(java.util.logging.Level.SEVERE); // its "default shared Vertx instance" notice
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling; tests call {@code execute} on it with captured writers. Every
     * command but help first proves that its caller is an operator, with query-api.
     */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The same with another operator check: for tests of commands whose subject is not sign-in (they run
     * without a query-api); the {@code ./projections} script always uses {@link #commandLine()}.
     */
    static CommandLine commandLine(OperatorAccess.Check check) {
        AvroPackages.trust();
        ProjectionsCommand root = new ProjectionsCommand();
        if (check != null) {
            root.operatorCheck = ignored -> check;
        }
        CommandLine cl = new CommandLine(root);
        cl.setExecutionStrategy(parsed -> {
            boolean helpOnly = parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()
                    || !parsed.hasSubcommand() || parsed.asCommandLineList().stream().anyMatch(
                            line -> line.getParseResult() != null && line.getParseResult().isUsageHelpRequested());
            if (!helpOnly) {
                try {
                    root.operatorCheck.apply(root).require();
                } catch (OperatorAccess.Refused refused) {
                    PrintWriter err = parsed.commandSpec().commandLine().getErr();
                    err.println("projections: " + refused.getMessage());
                    err.flush();
                    return 3;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            err.println("projections: " + e.getMessage());
            err.flush();
            return 2;
        });
        return cl;
    }

    /** The operator's access: query-api's address and the token from --token-file or SYNC_TOKEN. */
    OperatorAccess operator() {
        return OperatorAccess.of(queryApi, tokenFile, System.getenv("SYNC_TOKEN"));
    }

    /** A control over the cluster, once a broker has answered (else a plain error within 10 s). */
    ProjectionControl connect() {
        ProjectionControl control = new ProjectionControl(kafka());
        try {
            return control.requireReachable(java.time.Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
    }

    /** The settings of every Kafka client this command makes (no Spring context: the same ones, read here). */
    KafkaClients kafka() {
        return KafkaClients.of(kafkaSettings(bootstrapServers, System.getenv(), kafkaProperties));
    }

    /**
     * The services' {@code spring.kafka.properties.*} as the environment gives them
     * ({@code SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL} is {@code security.protocol}, as Spring binds it), then
     * the {@code --kafka-property} options, then the bootstrap servers.
     */
    static Map<String, Object> kafkaSettings(String bootstrapServers, Map<String, String> environment,
                                             Map<String, String> options) {
        String prefix = "SPRING_KAFKA_PROPERTIES_";
        Map<String, Object> settings = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                settings.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        settings.putAll(options);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
