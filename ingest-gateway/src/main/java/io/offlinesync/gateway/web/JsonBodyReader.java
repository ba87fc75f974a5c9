package io.offlinesync.gateway.web;

import io.offlinesync.gateway.GatewayProperties;
import io.offlinesync.gateway.inbox.InFlightBudget;
import io.offlinesync.protocol.MalformedMessageException;
import io.offlinesync.protocol.ProblemTypes;
import io.offlinesync.protocol.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads a push body into a JSON tree: Content-Type application/json (UTF-8), at most 1 MiB (refused from
 * Content-Length before reading, and by a bounded read for chunked bodies), held on the in-flight budget
 * while it is read and used (refused with 503 when it does not fit), arriving in full within the body read
 * timeout (else 408), strictly valid UTF-8, and strict JSON ({@link StrictJson}).
 */
@Component
public class JsonBodyReader {

    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** A chunked body is reserved on the budget, and its buffer grown, in steps of this many bytes. */
    static final int CHUNKED_STEP = 64 * 1024;

    private final InFlightBudget budget;
    private final AddressShares shares;
    private final Duration bodyReadTimeout;
    private final long retryAfterSeconds;

    public JsonBodyReader(InFlightBudget budget, AddressShares shares, GatewayProperties properties) {
        this.budget = budget;
        this.shares = shares;
        this.bodyReadTimeout = properties.bodyReadTimeout();
        this.retryAfterSeconds = properties.retryAfterSeconds();
    }

    /**
     * Reads and parses the body, holding its bytes on the in-flight budget: the declared length before any
     * byte is read (503 when it does not fit), a chunked body in steps as it arrives. The caller closes the
     * result once it no longer needs the tree; on any refusal nothing stays held.
     */
    ReadBody read(HttpServletRequest request) {
        checkContentType(request.getContentType());
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw ProblemException.unsupportedMediaType("Content-Encoding " + encoding
                    + " is not supported: send the body uncompressed");
        }
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw ProblemException.tooLarge("the body declares " + declared + " bytes; at most " + MAX_BODY_BYTES
                    + " bytes (1 MiB) are accepted per request: split the events into smaller batches", true);
        }
        BodyReservation reservation = new BodyReservation(budget, shares, request.getRemoteAddr());
        try {
            refuseUnless(reservation.grow(declared), declared + " bytes declared");
            byte[] bytes = readBounded(request, declared, reservation);
            String text = decodeUtf8(bytes);
            if (text.isBlank()) {
                throw ProblemException.malformed(
                        "the body is empty: a JSON object with clientId and events is expected");
            }
            try {
                return new ReadBody(StrictJson.parse(text), reservation);
            } catch (MalformedMessageException e) {
                throw ProblemException.malformed(e.getMessage());
            }
        } catch (RuntimeException e) {
            reservation.close();
            throw e;
        }
    }

    /**
     * At most {@link #MAX_BODY_BYTES} + 1 bytes, all within the body read timeout (checked before every
     * read; each read itself waits at most that long, see GatewayConfiguration), a chunked body's bytes
     * reserved before they are read.
     */
    private byte[] readBounded(HttpServletRequest request, long declared, BodyReservation reservation) {
        long deadline = System.nanoTime() + bodyReadTimeout.toNanos();
        byte[] buffer = new byte[declared >= 0 ? (int) declared : 0];
        int length = 0;
        try {
            InputStream in = request.getInputStream();
            while (length < MAX_BODY_BYTES + 1) {
                if (length == buffer.length) {
                    if (declared >= 0) {
                        break; // all declared bytes are here
                    }
                    int step = Math.min(CHUNKED_STEP, MAX_BODY_BYTES + 1 - length);
                    if (reservation.held() < (long) length + step) {
                        refuseUnless(reservation.grow(step), "a chunked body of more than " + length + " bytes");
                    }
                    buffer = Arrays.copyOf(buffer, length + step);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw bodyTimeout(length);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        } catch (IOException e) {
            if (isTimeout(e)) {
                throw bodyTimeout(length);
            }
            throw ProblemException.malformed("the body could not be read: " + e.getMessage());
        }
        if (length > MAX_BODY_BYTES) {
            throw ProblemException.tooLarge("the body is larger than " + MAX_BODY_BYTES
                    + " bytes (1 MiB): split the events into smaller batches", true);
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    private ProblemException bodyTimeout(int received) {
        return new ProblemException(HttpStatus.REQUEST_TIMEOUT, ProblemTypes.BODY_TIMEOUT, "Request body too slow",
                "the body did not arrive in full within " + bodyReadTimeout.toMillis() + " ms (" + received
                        + " bytes came): nothing was written; send it again", true);
    }

    /**
     * Before (or while) reading: 429 when the address's share is full (its own bodies hold it), 503 when the
     * whole budget is (the gateway sheds load). The connection is closed: the rest of the body is not read.
     */
    private void refuseUnless(BodyReservation.Refusal refusal, String what) {
        switch (refusal) {
            case NONE -> { }
            case ADDRESS_SHARE -> throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                    "Too many pushes", what + " would exceed the " + shares.maxBytesPerAddress() + " bytes of "
                    + "bodies in progress one address may hold; nothing was written; retry the same events after "
                    + retryAfterSeconds + " s", true, retryAfterSeconds);
            case BUDGET -> throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.INBOX_UNAVAILABLE,
                    "Event log unavailable", "the gateway is shedding load: " + what + " would exceed the "
                    + budget.maxBytes() + " bytes it holds for pushes in flight; nothing was written; retry the "
                    + "same events after " + retryAfterSeconds + " s", true, retryAfterSeconds);
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static void checkContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw ProblemException.unsupportedMediaType("a Content-Type of application/json is required");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (RuntimeException e) {
            throw ProblemException.unsupportedMediaType("the Content-Type " + contentType
                    + " cannot be parsed; application/json is expected");
        }
        if (!MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
            throw ProblemException.unsupportedMediaType("the Content-Type is " + type.getType() + "/"
                    + type.getSubtype() + "; application/json is expected");
        }
        String charset = type.getParameter("charset");
        if (charset != null) {
            String name = charset.replace("\"", "").trim().toLowerCase(Locale.ROOT);
            if (!name.equals("utf-8") && !name.equals("utf8")) {
                throw ProblemException.unsupportedMediaType("the charset is " + charset
                        + "; bodies are UTF-8 JSON");
            }
        }
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.malformed("the body is not valid UTF-8");
        }
    }
}
