package io.offlinesync.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one file of web/browser-tests with Node's test runner ({@code node --import tsx --test FILE}) in a child
 * process, its output streamed into the test log (and a file), and says which of its tests failed.
 */
final class BrowserTests {

    /** A failed test in the runner's TAP output: {@code not ok 3 - two tabs of one user ...}. */
    private static final Pattern NOT_OK = Pattern.compile("^\\s*not ok \\d+ - (.+?)(?: # .*)?$");

    record Outcome(int exitCode, List<String> failed, Path log) {
    }

    private BrowserTests() {
    }

    /** The test files of {@code webDir}/browser-tests, in name order. */
    static List<Path> files(Path webDir) throws IOException {
        try (Stream<Path> files = Files.list(webDir.resolve("browser-tests"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".test.ts")).sorted().toList();
        }
    }

    /** Runs {@code file} with {@code environment}; kills the run (and its Chromium) when it exceeds {@code within}. */
    static Outcome run(Path webDir, Path file, Map<String, String> environment, Path log, Duration within)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("node", "--import", "tsx", "--test", "--test-reporter=tap",
                webDir.relativize(file).toString())).directory(webDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<String> failed = new ArrayList<>();
        String name = file.getFileName().toString();
        Thread pump = Thread.ofPlatform().name("browser-tests-output").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println("[" + name + "] " + line);
                    copy.println(line);
                    Matcher notOk = NOT_OK.matcher(line);
                    if (notOk.matches()) {
                        synchronized (failed) {
                            failed.add(notOk.group(1).trim());
                        }
                    }
                }
            } catch (IOException e) {
                System.out.println("[" + name + "] (output ended: " + e.getMessage() + ")");
            }
        });
        try {
            if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
                System.out.println("[" + name + "] did not finish within " + within + ": stopped");
                ChildTree.stop(process, 5);
                pump.join(10_000);
                return new Outcome(-1, List.of("(timed out after " + within + ")"), log);
            }
            pump.join(10_000);
            synchronized (failed) {
                return new Outcome(process.exitValue(), List.copyOf(failed), log);
            }
        } finally {
            ChildTree.stop(process, 5);
        }
    }
}
