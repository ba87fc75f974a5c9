package io.offlinesync.e2e.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a {@link HostileCase} to the gateway, through the JDK's HTTP client or, for framing that client will
 * not produce, over a raw socket, and reports what came back: status, the headers a test checks, the body,
 * or that the server closed the connection without an answer, or that nothing came within the deadline.
 */
public final class HostileSender {

    /** The most a request may take before it counts as hung. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /**
     * @param status      the HTTP status, or {@link #CLOSED} / {@link #HUNG}
     * @param contentType the response's Content-Type ("" if none)
     * @param retryAfter  the Retry-After header, or null
     * @param body        the response body as text
     */
    public record Outcome(int status, String contentType, String retryAfter, String body) {}

    /** The server closed the connection without a status line. */
    public static final int CLOSED = -1;
    /** No answer before {@link #DEADLINE}. */
    public static final int HUNG = -2;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final String token;

    /** @param token a valid access token: the hostile part is the body and its framing, not the sign-in */
    public HostileSender(String gatewayUrl, String token) {
        this.gatewayUrl = gatewayUrl;
        this.token = token;
    }

    public Outcome send(HostileCase hostile) throws InterruptedException {
        return hostile.framing() == null ? viaClient(hostile) : viaSocket(hostile);
    }

    private Outcome viaClient(HostileCase hostile) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/lists/" + hostile.listId()
                + "/events")).timeout(DEADLINE).POST(HttpRequest.BodyPublishers.ofByteArray(hostile.body()))
                .header("Authorization", "Bearer " + token);
        if (hostile.contentType() != null) {
            request.header("Content-Type", hostile.contentType());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (HttpTimeoutException e) {
            return new Outcome(HUNG, "", null, e.toString());
        } catch (IOException e) {
            return new Outcome(CLOSED, "", null, e.toString());
        }
    }

    private Outcome viaSocket(HostileCase hostile) {
        URI uri = URI.create(gatewayUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            OutputStream out = socket.getOutputStream();
            String head = "POST /v1/lists/" + hostile.listId() + "/events HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: " + hostile.contentType()
                    + "\r\nConnection: close\r\n"
                    + hostile.framing().headers() + "\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(hostile.body());
            out.flush();
            if (hostile.framing().halfClose()) {
                socket.shutdownOutput();
            }
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            return new Outcome(HUNG, "", null, e.toString());
        } catch (IOException e) {
            return new Outcome(CLOSED, "", null, e.toString());
        }
    }

    private static Outcome read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return new Outcome(CLOSED, "", null, "");
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        // Connection: close was asked for, so the body runs to the end of the stream (chunked or not, the
        // test only looks at it for a 202, which never comes here)
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(Integer.parseInt(statusLine.split(" ")[1]), headers.getOrDefault("content-type", ""),
                headers.get("retry-after"), body);
    }

    /** One CRLF-terminated line, or null at the end of the stream before any byte of it. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
