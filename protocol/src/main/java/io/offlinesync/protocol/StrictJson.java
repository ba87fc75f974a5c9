package io.offlinesync.protocol;

import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict JSON as a push body must be: no duplicate keys, no trailing content, no comments, NaN or single quotes.
 * A parse error is told in the request's terms, with its line and column.
 */
public final class StrictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parts of Jackson's messages that speak of its configuration rather than of the request. */
    private static final List<Pattern> PARSER_NOISE = List.of(
            Pattern.compile("\\s*\\(start marker at \\[Source:.*?]\\)"),
            Pattern.compile("\\s*\\(not recognized as one since [^)]*\\)"),
            Pattern.compile(":?\\s*enable `[^`]*` to allow"),
            Pattern.compile(", from `[^`]*`"));

    private StrictJson() {
    }

    /** The tree of {@code text}; {@link MalformedMessageException} saying what is wrong and where otherwise. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedMessageException(describe(e), e);
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
