package io.offlinesync.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a push body into a JSON tree: Content-Type application/json (UTF-8), at most 1 MiB (refused from
 * Content-Length before reading, and by a bounded read for chunked bodies), strictly valid UTF-8, and
 * strict JSON (no duplicate keys, no trailing content, no comments, NaN or single quotes).
 */
@Component
public class JsonBodyReader {

    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Parts of Jackson's messages that speak of its configuration rather than of the request. */
    private static final List<Pattern> PARSER_NOISE = List.of(
            Pattern.compile("\\s*\\(start marker at \\[Source:.*?]\\)"),
            Pattern.compile("\\s*\\(not recognized as one since [^)]*\\)"),
            Pattern.compile(":?\\s*enable `[^`]*` to allow"),
            Pattern.compile(", from `[^`]*`"));

    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public JsonNode read(HttpServletRequest request) {
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
        byte[] bytes;
        try {
            InputStream in = request.getInputStream();
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            if (isTimeout(e)) {
                throw new ProblemException(HttpStatus.REQUEST_TIMEOUT, ProblemTypes.BODY_TIMEOUT,
                        "Request body too slow", "the rest of the body did not arrive within the read timeout", true);
            }
            throw ProblemException.malformed("the body could not be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw ProblemException.tooLarge("the body is larger than " + MAX_BODY_BYTES
                    + " bytes (1 MiB): split the events into smaller batches", true);
        }
        String text = decodeUtf8(bytes);
        if (text.isBlank()) {
            throw ProblemException.malformed("the body is empty: a JSON object with clientId and events is expected");
        }
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            throw ProblemException.malformed(describe(e));
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

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        int end = message.indexOf('\n');
        if (end >= 0) {
            message = message.substring(0, end);
        }
        if (message.startsWith("Trailing token")) {
            message = "more content follows the JSON value";
        }
        for (Pattern noise : PARSER_NOISE) {
            message = noise.matcher(message).replaceAll("");
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }
}
