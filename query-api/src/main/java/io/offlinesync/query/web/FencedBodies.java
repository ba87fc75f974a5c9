package io.offlinesync.query.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** The state bodies of a read with {@code waitFor}: the usual body plus {@code "fenceReached": true|false}. */
final class FencedBodies {

    private FencedBodies() {
    }

    /** A state's body, then {@code fenceReached}. */
    static Map<String, Object> state(Map<String, Object> body, boolean fenceReached) {
        Map<String, Object> fenced = new LinkedHashMap<>(body);
        fenced.put("fenceReached", fenceReached);
        return fenced;
    }

    /** A JSON object as written elsewhere ({@code ?registers=true}'s codec) with {@code fenceReached} added last. */
    static String withFenceReached(String object, boolean fenceReached) {
        int end = object.lastIndexOf('}');
        if (end < 0) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String before = object.substring(0, end).stripTrailing();
        return before + (before.endsWith("{") ? "" : ",") + "\"fenceReached\":" + fenceReached + "}";
    }
}
