package io.offlinesync.issuer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The platform's development OpenID Connect issuer as a child JVM, for other modules' integration tests:
 * a real issuer on a free port, whose tokens the services verify like any issuer's.
 *
 * <pre>{@code
 * try (IssuerProcess issuer = IssuerProcess.start()) {
 *     String uri = issuer.issuerUri();            // give it to the service: OIDC_ISSUER_URI
 *     String ann = issuer.token("ann");            // Authorization: Bearer <ann>
 *     String operator = issuer.adminToken("op");   // with the scope sync:admin
 * }
 * }</pre>
 *
 * <p>It runs the issuer's executable jar ({@code java -Xmx128m -jar issuer-<version>-exec.jar
 * --server.port=<free port>}), waits until the discovery document answers, and on {@link #close()} stops it
 * and waits until it is gone; a JVM shutdown hook stops it too if a test forgets. The jar is the system
 * property {@value #JAR_PROPERTY} when set, else the executable {@code issuer/target/issuer-*.jar} found
 * walking up from the working directory (a test's working directory is its module, beside {@code issuer/}).
 * This class needs the JDK only (java.net.http), so a consumer's test class path gets no Spring from it.
 *
 * <h2>What a consumer module's pom needs</h2>
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>io.offlinesync</groupId>
 *   <artifactId>issuer</artifactId>
 *   <version>${project.version}</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 *   <exclusions>
 *     <exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion>
 *   </exclusions>
 * </dependency>
 * }</pre>
 *
 * <ul>
 *   <li>The test-jar holds this package only. The exclusions keep the issuer's own dependencies (Spring
 *       Authorization Server, Tomcat, ...) off the consumer's test class path: a service's tests would
 *       otherwise auto-configure an authorization server.</li>
 *   <li>No dependency on the issuer's jar is needed, nor wanted: the issuer runs from its executable jar
 *       in its own JVM, never on the consumer's class path. The test-jar dependency alone makes Maven's
 *       reactor build the issuer module (through {@code package}, where the executable jar is made) before
 *       the consumer, so {@code mvn verify} (or {@code mvn -pl <consumer> -am verify}) finds the jar.</li>
 *   <li>Run consumers with {@code verify} or {@code package}: with {@code mvn test} the reactor stops
 *       before {@code package}, the executable jar is not built, and {@link #start()} says so.</li>
 *   <li>Optionally pin the jar, so no directory walk is involved:
 *       {@code <offlinesync.issuer.jar>${project.basedir}/../issuer/target/issuer-${project.version}-exec.jar</offlinesync.issuer.jar>}
 *       in the surefire or failsafe {@code systemPropertyVariables}.</li>
 * </ul>
 */
public final class IssuerProcess implements AutoCloseable {

    /** System property naming the issuer's executable jar. */
    public static final String JAR_PROPERTY = "offlinesync.issuer.jar";
    /** The public client that may use the password grant. */
    public static final String CLI_CLIENT = "offline-sync-cli";
    public static final String ADMIN_SCOPE = "sync:admin";

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Process process;
    private final Thread stopAtExit;
    private final String baseUrl;
    private final String issuerUri;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private IssuerProcess(Process process, int port, String issuerUri, Path log) {
        this.process = process;
        this.baseUrl = "http://localhost:" + port;
        this.issuerUri = issuerUri;
        this.log = log;
        this.stopAtExit = new Thread(process::destroyForcibly, "issuer-process-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    private static IssuerProcess shared;

    /**
     * One issuer for every test of this JVM that needs no settings of its own, started on first use and stopped
     * when the JVM exits (by the shutdown hook): a test class need not pay a start each.
     */
    public static synchronized IssuerProcess shared() {
        if (shared == null || !shared.isAlive()) {
            shared = start();
        }
        return shared;
    }

    /** Starts the issuer with its defaults (audience {@code offline-sync}, tokens valid 2 hours). */
    public static IssuerProcess start() {
        return start(Map.of());
    }

    /**
     * Starts the issuer with these environment variables on top of its defaults, such as
     * {@code ISSUER_TOKEN_TTL} ({@code 30s}, {@code 5m}, ...), {@code ISSUER_AUDIENCE} or {@code ISSUER_KEY_FILE}.
     * {@code ISSUER_*} and {@code SERVER_PORT} variables of this JVM are not passed on: the child is set up by
     * this call alone.
     */
    public static IssuerProcess start(Map<String, String> environment) {
        Path jar = findJar();
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            try {
                return launch(jar, port, environment);
            } catch (PortTakenException e) {
                // another process took the free port between our check and the issuer's bind: pick another
                last = e;
            }
        }
        throw last;
    }

    /** The issuer URL: the {@code iss} of its tokens and the base of its discovery document. */
    public String issuerUri() {
        return issuerUri;
    }

    /** An access token of the development user {@code user} (scopes {@code openid profile}). */
    public String token(String user) {
        return token(user, "openid profile");
    }

    /** An access token of {@code user} that also carries the operator scope {@code sync:admin}. */
    public String adminToken(String user) {
        return token(user, "openid profile " + ADMIN_SCOPE);
    }

    /** An access token of {@code user} with these space-separated scopes (password grant). */
    public String token(String user, String scopes) {
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("a development user's name matches " + USER.pattern() + ": " + user);
        }
        String form = "grant_type=password&client_id=" + CLI_CLIENT + "&username=" + user + "&password=" + user
                + "&scope=" + URLEncoder.encode(scopes, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("token request to the issuer failed (log: " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the issuer for a token", e);
        }
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("the issuer refused a token for " + user + " (" + scopes + "): "
                    + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    /** The issuer's output (stdout and stderr). */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the issuer (SIGTERM, then SIGKILL after 20 s) and waits until the process is gone. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway and finds the process gone
        }
    }

    @Override
    public String toString() {
        return "issuer " + issuerUri + " (pid " + process.pid() + ", log: " + log + ")";
    }

    // ------------------------------------------------------------------ starting

    private static IssuerProcess launch(Path jar, int port, Map<String, String> environment) {
        Path log = logFile(port);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar.toString(), "--server.port=" + port);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("ISSUER_") || name.equals("SERVER_PORT"));
        builder.environment().putAll(environment);
        String issuerUri = Optional.ofNullable(environment.get("ISSUER_URL")).filter(u -> !u.isBlank())
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElse("http://localhost:" + port);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        IssuerProcess issuer = new IssuerProcess(process, port, issuerUri, log);
        try {
            issuer.awaitDiscovery();
            return issuer;
        } catch (RuntimeException e) {
            issuer.close();
            throw e;
        }
    }

    /** Polls the discovery document until it answers 200, the process exits, or the deadline passes. */
    private void awaitDiscovery() {
        URI discovery = URI.create(baseUrl + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String tail = tail(log);
                if (tail.contains("already in use")) {
                    throw new PortTakenException(tail);
                }
                throw new IllegalStateException("the issuer exited with code " + process.exitValue()
                        + " before it was ready; log " + log + ":\n" + tail);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the issuer", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the issuer did not answer " + discovery + " within " + READY_WITHIN
                        + "; log " + log + ":\n" + tail(log));
            }
            try {
                // the pause between two polls ends at once when the process exits
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the issuer", e);
            }
        }
    }

    /**
     * The issuer's executable jar: the system property {@value #JAR_PROPERTY}, else the newest
     * {@code issuer/target/issuer-*.jar} that is a Spring Boot executable jar (so neither the plain jar, the
     * {@code -tests} jar nor a {@code .original}), looked for from the working directory upwards.
     */
    public static Path findJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(JAR_PROPERTY + "=" + configured + " is not a file: build the issuer module"
                        + " (mvn -B -pl issuer -am -DskipTests package) or correct the property");
            }
            return jar;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path target = dir.resolve("issuer").resolve("target");
            if (Files.isDirectory(target)) {
                Optional<Path> jar = executableJar(target);
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw new IllegalStateException("no executable issuer jar (issuer/target/issuer-*-exec.jar) found from " + start
                + " upwards: build the issuer module first (mvn -B -pl issuer -am -DskipTests package; in a reactor,"
                + " run through the package phase, e.g. mvn verify), or set -D" + JAR_PROPERTY + "=<path of the jar>");
    }

    private static Optional<Path> executableJar(Path target) {
        try (Stream<Path> files = Files.list(target)) {
            List<Path> candidates = new ArrayList<>(files
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith("issuer-") && name.endsWith(".jar") && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar");
                    })
                    .filter(IssuerProcess::isBootJar)
                    .toList());
            candidates.sort(Comparator.comparing(IssuerProcess::modified).reversed());
            return candidates.stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isBootJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null && file.getManifest().getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** target/issuer-PORT.log when the working directory has a target/ (a Maven module), else a temporary file. */
    private static Path logFile(int port) {
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                return Files.createDirectories(target.resolve("issuer-logs")).resolve("issuer-" + port + ".log").toAbsolutePath();
            }
            return Files.createTempFile("issuer-" + port + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the issuer's log file", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String log) {
            super("the issuer's port was taken before it could listen:\n" + log);
        }
    }
}
