package io.offlinesync.query.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.offlinesync.query.state.ListStateView;

/** The state bodies of a read with {@code waitFor}: the usual body plus {@code "fenceReached": true|false}. */
final class FencedBodies {

    /** A state, as {@link ListStateView} writes it, then {@code fenceReached}. */
    record FencedState(@JsonUnwrapped ListStateView state, boolean fenceReached) {}

    private FencedBodies() {
    }

    static FencedState state(ListStateView state, boolean fenceReached) {
        return new FencedState(state, fenceReached);
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
