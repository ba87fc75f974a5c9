package io.offlinesync.query.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request that carries {@link HttpForwarder#FORWARDED_HEADER} really comes from another
 * instance of the group, which is what lets it be answered from this instance's copies (possibly a lagging
 * standby) without routing. With a cluster token, the request must carry it in {@link #TOKEN_HEADER}
 * (compared in constant time); without one, it must come from the address of an instance Kafka Streams'
 * metadata names, directly (not through a proxy: no {@code X-Forwarded-For} or {@code Forwarded}). A header that fails is ignored (the read is routed as any other) and counted by
 * {@code sync.query.forwarded.forged}.
 */
public final class ForwardedBy {

    /** On a forwarded request: the group's shared secret (CLUSTER_TOKEN), when one is set. */
    public static final String TOKEN_HEADER = "X-Query-Cluster-Token";

    private static final Logger log = LoggerFactory.getLogger(ForwardedBy.class);
    private static final String DECIDED = ForwardedBy.class.getName();

    private final byte[] token;
    private final Supplier<Set<String>> instanceHosts;
    private final Counter forged;

    /**
     * @param token         the shared secret, or null to trust the group's addresses instead
     * @param instanceHosts the hosts the group's instances advertise (names or addresses)
     */
    public ForwardedBy(String token, Supplier<Set<String>> instanceHosts, MeterRegistry meters) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.instanceHosts = instanceHosts;
        this.forged = Counter.builder("sync.query.forwarded.forged")
                .description("Requests whose X-Query-Forwarded-By was ignored: no valid cluster token, or not from "
                        + "an instance of the group")
                .register(meters);
    }

    /** Honours no forwarded header at all: a single instance, to which nothing forwards. */
    public static ForwardedBy nobody(MeterRegistry meters) {
        return new ForwardedBy(null, Set::of, meters);
    }

    /** Whether the request was forwarded by an instance of the group; decided (and counted) once per request. */
    public boolean honoured(HttpServletRequest request) {
        if (request.getHeader(HttpForwarder.FORWARDED_HEADER) == null) {
            return false;
        }
        if (request.getAttribute(DECIDED) instanceof Boolean decided) {
            return decided;
        }
        // Without a token, a request that passed a reverse proxy is never an instance's: they call each other directly.
        boolean honoured = token != null ? tokenMatches(request.getHeader(TOKEN_HEADER))
                : !proxied(request) && fromAnInstance(request.getRemoteAddr());
        if (!honoured) {
            forged.increment();
            log.debug("Ignored {} from {}: not an instance of the group", HttpForwarder.FORWARDED_HEADER,
                    request.getRemoteAddr());
        }
        request.setAttribute(DECIDED, honoured);
        return honoured;
    }

    private static boolean proxied(HttpServletRequest request) {
        return request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null;
    }

    private boolean tokenMatches(String given) {
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private boolean fromAnInstance(String remoteAddr) {
        if (remoteAddr == null) {
            return false;
        }
        InetAddress remote;
        try {
            remote = InetAddress.getByName(remoteAddr); // the server gives an address literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
        for (String host : instanceHosts.get()) {
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) { // cached by the JDK
                    if (address.equals(remote)) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                log.debug("Instance host {} does not resolve: {}", host, e.toString());
            }
        }
        return false;
    }
}
