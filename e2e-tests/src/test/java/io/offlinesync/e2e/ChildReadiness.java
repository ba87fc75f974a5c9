package io.offlinesync.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Waits until a child process answers 200 on a URL, failing at once (naming its log) if it exits first. */
final class ChildReadiness {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ChildReadiness() {
    }

    static void await200(String what, Process process, URI url, Path log, Duration within) {
        await(what + " ready (log: " + log + ")").atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited; log: " + log);
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
