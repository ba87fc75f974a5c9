package io.offlinesync.client;

import io.offlinesync.client.http.PushOutcome;
import io.offlinesync.client.http.ServerJson;
import io.offlinesync.domain.ClientEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads the gateway's problem+json refusal of a push (PROTOCOL.md: {@code detail}, {@code errors[].index}). */
final class RefusalProblem {

    private static final int MAX_REASON = 500;

    private RefusalProblem() {
    }

    /** The batch's events the refusal names by index, each with its errors ("field: message; ..."). */
    static Map<String, String> reasonsByEvent(PushOutcome.Refused refused, List<ClientEvent> batch) {
        Map<String, String> reasons = new LinkedHashMap<>();
        JsonNode errors = ServerJson.orMissing(refused.detail()).path("errors");
        for (JsonNode error : errors) {
            JsonNode index = error.path("index");
            if (!index.isIntegralNumber() || index.asInt() < 0 || index.asInt() >= batch.size()) {
                continue;
            }
            String field = error.path("field").isString() ? error.path("field").asString() + ": " : "";
            String message = field + error.path("message").asString("");
            reasons.merge(batch.get(index.asInt()).eventId(), cut(message), (a, b) -> cut(a + "; " + b));
        }
        return reasons;
    }

    /** One line for a refusal that names no event: its status and detail (or its body). */
    static String summary(PushOutcome.Refused refused) {
        JsonNode problem = ServerJson.orMissing(refused.detail());
        String detail = problem.path("detail").isString() ? problem.path("detail").asString() : refused.detail();
        return cut(refused.status() + ": " + detail);
    }

    private static String cut(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
    }
}
