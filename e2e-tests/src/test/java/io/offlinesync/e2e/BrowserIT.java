package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.offlinesync.issuer.testing.IssuerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The browser client in real Chromium against the real platform: the broker, the registry, the three services
 * and an issuer of its own (which allows the web origin as redirect and CORS origin), the services answering
 * that origin (CORS), and {@code node web/serve.mjs} serving web/dist on it. Each file of web/browser-tests is
 * one test here, run by Node's test runner in a child process with WEB_URL, GATEWAY_URL, QUERY_URL,
 * ISSUER_URL, CHROMIUM_PATH and SCREENSHOT_DIR (target/browser-screenshots/FILE). {@code -Dbrowser.tests=TEXT}
 * runs only the files whose name contains TEXT.
 *
 * <p>Skipped (one skipped test with the reason, not a failure) when there is no Chromium (CHROMIUM_PATH, else /usr/bin/chromium) or no Node.js:
 * the browser tests need Debian's chromium ({@code apt-get install chromium}); nothing is downloaded.
 */
class BrowserIT {

    private static final Duration PER_FILE = Duration.ofMinutes(10);

    private static Path webDir;
    private static Path outDir;
    private static IssuerProcess issuer;
    private static Platform platform;
    private static WebServer web;
    /** Why the browser tests cannot run here, or null: reported as one skipped test saying so. */
    private static String skipped;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            skipped = "browser tests skipped: no Chromium at " + chromium
                    + " (apt-get install chromium installs it; CHROMIUM_PATH names another)";
        } else if (!nodeRuns()) {
            skipped = "browser tests skipped: no Node.js on the PATH (install Node.js 20 or newer)";
        }
        if (skipped != null) {
            System.out.println("BrowserIT: " + skipped);
            return;
        }
        webDir = Path.of(System.getProperty("web.dir", "../web")).toAbsolutePath().normalize();
        assertThat(webDir.resolve("node_modules/playwright-core")).as("web/node_modules: build the web module first"
                + " (mvn -pl e2e-tests -am verify builds it)").isDirectory();
        outDir = Files.createDirectories(Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath()
                .resolve("browser"));

        int webPort = RegistryProcess.freePort();
        String origin = "http://localhost:" + webPort;
        issuer = IssuerProcess.start(Map.of("ISSUER_WEB_REDIRECT_URIS", origin + "/callback",
                "ISSUER_CORS_ORIGINS", origin));
        platform = Platform.start(new Platform.Setup(false, false, 0,
                List.of("--sync.access.cors-allowed-origins=" + origin)), issuer);
        web = WebServer.start(webDir, webPort, platformUrls(), outDir.resolve("serve.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (web != null) {
                web.close();
            }
        } finally {
            try {
                if (platform != null) {
                    platform.close();
                }
            } finally {
                if (issuer != null) {
                    issuer.close();
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> browserTestsPassInChromium() throws IOException {
        if (skipped != null) {
            return Stream.of(DynamicTest.dynamicTest("browser tests", () -> assumeTrue(false, skipped)));
        }
        String only = System.getProperty("browser.tests", "");
        return BrowserTests.files(webDir).stream().filter(f -> f.getFileName().toString().contains(only)).map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString().replace(".test.ts", "");
            Map<String, String> env = new java.util.HashMap<>(platformUrls());
            env.put("WEB_URL", web.url());
            env.put("CHROMIUM_PATH", System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
            Path screenshots = Path.of("target", "browser-screenshots", name).toAbsolutePath();
            deleteTree(screenshots); // what is there is this run's only
            env.put("SCREENSHOT_DIR", screenshots.toString());
            BrowserTests.Outcome outcome = BrowserTests.run(webDir, file, env, outDir.resolve(name + ".log"), PER_FILE);
            assertThat(outcome.exitCode())
                    .as("%s: failed tests %s (output: %s; serve.mjs log: %s)", file.getFileName(), outcome.failed(),
                            outcome.log(), outDir.resolve("serve.log"))
                    .isZero();
        }));
    }

    private static Map<String, String> platformUrls() {
        return Map.of("GATEWAY_URL", platform.gatewayUrl(), "QUERY_URL", platform.queryUrl(),
                "ISSUER_URL", issuer.issuerUri());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
