package io.offlinesync.query.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a read on to the instance that hosts the list and brings its answer back as it was: status,
 * the headers that matter, body. The caller's own {@code Authorization} goes with it: the other instance checks
 * the token and the caller's membership itself, so forwarding opens no unauthenticated way in. The request carries {@link #FORWARDED_HEADER}, and an instance answers a
 * request that carries it from its own stores only, so a read is forwarded at most once (no loops).
 */
public final class HttpForwarder {

    /** On a forwarded request: the {@code host:port} of the instance that forwarded it. */
    public static final String FORWARDED_HEADER = "X-Query-Forwarded-By";

    /** The answer's headers kept when it is relayed (case-insensitive names). */
    public static final List<String> RELAYED_HEADERS = List.of("Content-Type", "Retry-After", "WWW-Authenticate",
            ScaleOutHeaders.SERVED_BY, ScaleOutHeaders.STANDBY_LAG);

    /** An instance's answer: status, the relayed headers (first value of each), body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {}

    private static final Logger log = LoggerFactory.getLogger(HttpForwarder.class);

    private final HttpClient http;
    private final String scheme;
    private final HostInfo self;
    private final Duration timeout;
    private final String clusterToken;

    /**
     * @param scheme       of the other instances' URLs (this instance's own, {@code http} or {@code https})
     * @param timeout      for the answer beyond any long-poll wait the request asks for (connecting: at most 2 s of it)
     * @param clusterToken sent in {@link ForwardedBy#TOKEN_HEADER} with every forwarded read; null: not sent
     */
    public HttpForwarder(String scheme, HostInfo self, Duration timeout, String clusterToken) {
        this.clusterToken = clusterToken;
        this.scheme = scheme;
        this.self = self;
        this.timeout = timeout;
        Duration connect = timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * GETs {@code pathAndQuery} from {@code to} with the caller's {@code authorization} (null: none), waiting up to
     * {@code extraWait} beyond the timeout (the request's own long-poll). Empty when the instance cannot be
     * reached or does not answer in time.
     */
    public Optional<Answer> get(HostInfo to, String pathAndQuery, String accept, String authorization,
                                Duration extraWait) throws InterruptedException {
        URI uri = URI.create(scheme + "://" + to.host() + ":" + to.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout.plus(extraWait))
                .header(FORWARDED_HEADER, self.host() + ":" + self.port());
        if (clusterToken != null) {
            request.header(ForwardedBy.TOKEN_HEADER, clusterToken);
        }
        if (accept != null && !accept.isBlank()) {
            request.header("Accept", accept);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : RELAYED_HEADERS) {
                response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
            }
            return Optional.of(new Answer(response.statusCode(), headers, response.body()));
        } catch (IOException e) { // refused, reset, timed out: the instance is gone or stuck
            log.debug("Forwarding {} to {}:{} failed: {}", pathAndQuery, to.host(), to.port(), e.toString());
            return Optional.empty();
        }
    }
}
