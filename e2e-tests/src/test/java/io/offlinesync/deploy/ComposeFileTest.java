package io.offlinesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, checked without a Docker engine: {@code docker compose config} (or Debian's
 * {@code docker-compose config}) validates it where one is installed, and the structure is checked here
 * in any case: the parts, health checks and start order, the images built from the services' jars, and
 * the environment against the names the services' own configuration reads.
 */
class ComposeFileTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The platform's services and the port each listens on (DESIGN.md, "Configuration defaults"). */
    static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "ingest-gateway", 8081, "query-api", 8082, "projector-streams", 8083);

    /**
     * Environment a service reads that its *.yml does not name: JAVA_OPTS (the image's entrypoint) and
     * MALLOC_ARENA_MAX (glibc's malloc).
     */
    static final Set<String> READ_ELSEWHERE = Set.of("JAVA_OPTS", "MALLOC_ARENA_MAX");

    static ComposeFile compose;

    @BeforeAll
    static void read() throws IOException {
        compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
    }

    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        List<String> command = composeCommand();
        assumeTrue(command != null, "neither `docker compose` nor `docker-compose` is installed: only the structural checks ran");
        List<String> config = new ArrayList<>(command);
        config.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config", "-q"));
        Process process = new ProcessBuilder(config).directory(ROOT.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", config).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", config, output).isZero();
    }

    @Test
    void kafkaInKraftModeAndTheRegistryWithItsStorageInKafka() {
        Map<String, String> kafka = compose.environment("kafka");
        assertThat(ComposeFile.interpolate((String) compose.service("kafka").get("image"))).startsWith("apache/kafka:");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(kafka).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("INTERNAL://kafka:19092");
        assertThat(compose.publishedPorts("kafka")).containsExactly(9092);

        Map<String, String> registry = compose.environment("registry");
        assertThat(ComposeFile.interpolate((String) compose.service("registry").get("image")))
                .startsWith("apicurio/apicurio-registry:3.");
        assertThat(registry.get("APICURIO_STORAGE_KIND")).isEqualTo("kafkasql");
        assertThat(registry.get("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS")).isEqualTo("kafka:19092");
        assertThat(compose.publishedPorts("registry")).containsExactly(8080);
    }

    @Test
    void everyLongRunningPartHasAHealthCheckAndStartsAfterWhatItNeeds() {
        for (String name : compose.services().keySet()) {
            Map<String, Object> service = compose.service(name);
            Map<String, Object> health = ComposeFile.map(service, "healthcheck");
            assertThat(health).as("%s healthcheck", name).isNotNull();
            assertThat(ComposeFile.list(health, "test")).as("%s healthcheck test", name).isNotEmpty();
            Map<String, Object> dependsOn = ComposeFile.map(service, "depends_on");
            if (dependsOn == null) {
                continue;
            }
            dependsOn.forEach((target, spec) -> {
                String condition = String.valueOf(ComposeFile.map(dependsOn, target) == null ? null
                        : ComposeFile.map(dependsOn, target).get("condition"));
                assertThat(condition).as("%s waits for %s", name, target).isEqualTo("service_healthy");
            });
        }
        for (String service : SERVICE_PORTS.keySet()) {
            assertThat(ComposeFile.map(compose.service(service), "depends_on")).as(service)
                    .containsOnlyKeys("kafka", "registry");
        }
        assertThat(ComposeFile.map(compose.service("query-api-lb"), "depends_on")).containsOnlyKeys("query-api");
    }

    @Test
    void theServicesAreBuiltFromTheirJarsAsANonRootUser() throws IOException {
        String dockerignore = Files.readString(ROOT.resolve(".dockerignore"));
        for (String service : SERVICE_PORTS.keySet()) {
            Map<String, Object> build = ComposeFile.map(compose.service(service), "build");
            assertThat(build).as("%s build", service).isNotNull();
            Path dockerfile = ROOT.resolve(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile")));
            assertThat(dockerfile).exists();
            assertThat(ComposeFile.map(build, "args")).containsEntry("SERVICE", service);
            assertThat(dockerignore).as("the jar reaches the build").contains("!" + service + "/target/*-exec.jar");
            String text = Files.readString(dockerfile);
            assertThat(text).contains("FROM eclipse-temurin:21-jre").contains("COPY ${SERVICE}/target/${SERVICE}-*-exec.jar")
                    .containsPattern("(?m)^USER app$").contains("$JAVA_OPTS");
            assertThat(compose.environment(service).get("JAVA_OPTS")).as(service).startsWith("-Xmx");
        }
    }

    @Test
    void theEnvironmentIsWhatTheServicesRead() throws IOException {
        for (Map.Entry<String, Integer> entry : SERVICE_PORTS.entrySet()) {
            String service = entry.getKey();
            String config = Files.readString(ROOT.resolve(service + "/src/main/resources/" + service + ".yml"));
            Set<String> read = placeholders(config);
            Map<String, String> env = compose.environment(service);
            Set<String> unknown = new TreeSet<>(env.keySet());
            unknown.removeAll(read);
            unknown.removeAll(READ_ELSEWHERE);
            assertThat(unknown).as("%s: environment %s.yml does not read", service, service).isEmpty();
            assertThat(env).as(service).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                    .containsEntry("REGISTRY_URL", "http://registry:8080")
                    .containsEntry("SERVER_PORT", entry.getValue().toString());
            assertThat(config).as("%s.yml's default port", service).contains("${SERVER_PORT:" + entry.getValue() + "}");
        }
        assertThat(compose.publishedPorts("ingest-gateway")).containsExactly(8081);
        assertThat(compose.publishedPorts("projector-streams")).containsExactly(8083);
        assertThat(compose.publishedPorts("query-api-lb")).containsExactly(8082);
    }

    /**
     * The web app: its image holds web/serve.mjs and web/dist only, it is given only what serve.mjs reads, the
     * URLs in its /config.json are those the host's browser reaches, and every service answers its origin (CORS).
     */
    @Test
    void theWebAppIsServedFromTheBuiltDistAndTheServicesAnswerItsOrigin() throws IOException {
        Map<String, Object> build = ComposeFile.map(compose.service("web"), "build");
        assertThat(build).isNotNull();
        String dockerfile = Files.readString(ROOT.resolve(String.valueOf(build.get("context")))
                .resolve(String.valueOf(build.get("dockerfile"))));
        assertThat(dockerfile).contains("FROM node:20-alpine").contains("COPY web/serve.mjs").contains("COPY web/dist")
                .containsPattern("(?m)^USER node$");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!web/serve.mjs").contains("!web/dist/**");

        String serve = Files.readString(ROOT.resolve("web/serve.mjs"));
        Map<String, String> env = compose.environment("web");
        assertThat(env.keySet()).as("environment serve.mjs reads").allSatisfy(name -> assertThat(serve).contains("env." + name));
        assertThat(env).containsEntry("WEB_PORT", "8085").containsEntry("WEB_HOST", "0.0.0.0")
                .containsEntry("GATEWAY_URL", "http://localhost:8081").containsEntry("QUERY_URL", "http://localhost:8082")
                .containsEntry("ISSUER_URL", "http://localhost:8084").containsEntry("WEB_PUBLIC_URL", "http://localhost:8085");
        assertThat(compose.publishedPorts("web")).containsExactly(8085);
        for (String service : SERVICE_PORTS.keySet()) {
            assertThat(compose.environment(service).get("CORS_ALLOWED_ORIGINS")).as(service).contains("http://localhost:8085");
        }
        assertThat(Files.readString(ROOT.resolve("issuer/src/main/resources/issuer.yml")))
                .as("the issuer's default redirect and CORS origin").contains("http://localhost:8085/callback")
                .contains("ISSUER_CORS_ORIGINS:http://localhost:5173,http://localhost:8085");
    }

    /**
     * The development issuer: built from its jar like the services, given only what issuer.yml reads, its
     * issuer URL the one the host reaches it by (the iss of its tokens), its signing key on a volume.
     */
    @Test
    void theIssuerIsBuiltFromItsJarAndPublishedWhereTheHostReachesIt() throws IOException {
        Map<String, Object> build = ComposeFile.map(compose.service("issuer"), "build");
        assertThat(build).isNotNull();
        assertThat(ComposeFile.map(build, "args")).containsEntry("SERVICE", "issuer");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!issuer/target/*-exec.jar");

        String config = Files.readString(ROOT.resolve("issuer/src/main/resources/issuer.yml"));
        Map<String, String> env = compose.environment("issuer");
        Set<String> unknown = new TreeSet<>(env.keySet());
        unknown.removeAll(placeholders(config));
        unknown.removeAll(READ_ELSEWHERE);
        assertThat(unknown).as("issuer: environment issuer.yml does not read").isEmpty();
        assertThat(env).containsEntry("SERVER_PORT", "8084").containsEntry("ISSUER_URL", "http://localhost:8084")
                .containsKey("ISSUER_KEY_FILE");
        assertThat(env.get("JAVA_OPTS")).startsWith("-Xmx");
        assertThat(compose.publishedPorts("issuer")).containsExactly(8084);
        assertThat(ComposeFile.list(compose.service("issuer"), "volumes")).singleElement().asString()
                .isEqualTo("issuer-key:" + Path.of(env.get("ISSUER_KEY_FILE")).getParent());
    }

    @Test
    void theQueryApiIsScaledBehindOneAddressAndEachReplicaAdvertisesItsOwn() {
        Map<String, Object> queryApi = compose.service("query-api");
        int replicas = Integer.parseInt(ComposeFile.interpolate(
                String.valueOf(ComposeFile.map(queryApi, "deploy").get("replicas"))));
        assertThat(replicas).isGreaterThanOrEqualTo(2);
        assertThat(queryApi).as("replicas cannot share a host port").doesNotContainKey("ports");
        assertThat(compose.environment("query-api").get("QUERY_API_ADVERTISED_URL")).isEqualTo("http://${HOSTNAME}:8082");
        assertThat(ComposeFile.list(compose.service("query-api-lb"), "volumes")).singleElement().asString()
                .startsWith("./docker/query-api-lb.conf:");
        assertThat(ROOT.resolve("docker/query-api-lb.conf")).content().contains("http://query-api:8082");
    }

    /**
     * The services make the topics they use (PlatformTopics): neither compose nor local-stack.sh creates any, and
     * the services are given the broker's partition count.
     */
    @Test
    void theServicesMakeTheirTopics() throws IOException {
        assertThat(compose.services()).doesNotContainKey("topics");
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).doesNotContain("kafka-topics.sh");
        String script = Files.readString(ROOT.resolve("local-stack.sh"));
        assertThat(script).doesNotContain("TOPICS=(").contains("export TOPIC_PARTITIONS=");
        String partitions = compose.environment("kafka").get("KAFKA_NUM_PARTITIONS");
        for (String service : SERVICE_PORTS.keySet()) {
            assertThat(compose.environment(service)).as(service).containsEntry("TOPIC_PARTITIONS", partitions);
        }
    }

    private static Set<String> placeholders(String config) {
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(config);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** {@code docker compose} when the CLI has the plugin, else {@code docker-compose}, else null. */
    private static List<String> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
                process.destroyForcibly();
            } catch (IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
