package io.offlinesync.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The web app's server, {@code node web/serve.mjs}, as a child process on a given port, with its config
 * (the platform's URLs) in its environment. It is ready when /config.json answers: /health also needs a built
 * app (web/dist/index.html), which the harness test does not.
 */
final class WebServer implements AutoCloseable {

    private final Process process;
    private final String url;

    private WebServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static WebServer start(Path webDir, int port, Map<String, String> platformUrls, Path log) throws IOException {
        String url = "http://localhost:" + port;
        ProcessBuilder builder = new ProcessBuilder(List.of("node", "serve.mjs")).directory(webDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(platformUrls);
        builder.environment().put("WEB_PORT", Integer.toString(port));
        builder.environment().put("WEB_HOST", "127.0.0.1");
        builder.environment().put("WEB_PUBLIC_URL", url);
        Process process = builder.start();
        WebServer server = new WebServer(process, url);
        try {
            ChildReadiness.await200("serve.mjs", process, URI.create("http://127.0.0.1:" + port + "/config.json"), log,
                    Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The origin a browser opens: localhost (a secure context, as PKCE's crypto.subtle needs), not 127.0.0.1. */
    String url() {
        return url;
    }

    @Override
    public void close() {
        ChildTree.stop(process, 10);
    }
}
