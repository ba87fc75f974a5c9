package io.offlinesync.e2e.hostile;

import java.nio.charset.StandardCharsets;

/**
 * One hostile push: where it goes, how it is framed, its body, and what the gateway may answer.
 *
 * @param name        what the case tries, for the report
 * @param listId      the path segment as sent (URL-encoded where needed); each case has a list of its own,
 *                    so a write it should not have caused shows up under its key
 * @param contentType the Content-Type header, or null for none
 * @param body        the bytes sent
 * @param mustRefuse  true when the case breaks a rule of the protocol (it must get a 4xx, never a 202);
 *                    false for bodies that may be valid (fuzzer output, edge values inside the bounds)
 * @param framing     null to send through the JDK's HTTP client; else headers written by hand on a raw socket
 *                    (lying Content-Length and the like)
 */
public record HostileCase(String name, String listId, String contentType, byte[] body, boolean mustRefuse,
                          RawFraming framing) {

    /**
     * A request the JDK client would not send: {@code headers} replace the Content-Length line (each ends in
     * CRLF); with {@code halfClose} the socket's output is shut after the body, so a server that waits for
     * more bytes sees the end of the stream instead of a hung connection.
     */
    public record RawFraming(String headers, boolean halfClose) {}

    static HostileCase json(String name, String listId, String body, boolean mustRefuse) {
        return new HostileCase(name, listId, "application/json", body.getBytes(StandardCharsets.UTF_8), mustRefuse,
                null);
    }
}
