package io.offlinesync.projector.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator behind a command: an access token with the {@code sync:admin} scope, checked by query-api.
 * Every command proves it before it touches anything ({@code GET /admin/projections} answers 200 to operators
 * only), and the switches users see (activate, rollback) are made by query-api itself, which checks the token
 * again. The other commands then reach Kafka directly, where the broker's own credentials and ACLs decide.
 */
final class OperatorAccess {

    /** What a command needs to know: may this operator go on? Throws with a message for the operator if not. */
    @FunctionalInterface
    interface Check {
        void require();
    }

    /** A refusal, worded for the operator. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** query-api's answer to a switch: the control record after it, or why it was refused (409). */
    record Switch(boolean done, String active, String previous, String refusal) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI queryApi;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    OperatorAccess(URI queryApi, String token) {
        this.queryApi = queryApi;
        this.token = token;
    }

    /**
     * The token from {@code tokenFile} when given, else from the {@code SYNC_TOKEN} environment variable; a clear
     * refusal when there is none.
     */
    static OperatorAccess of(String queryApi, Path tokenFile, String tokenFromEnv) {
        String token;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new Refused("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        } else {
            token = tokenFromEnv == null ? "" : tokenFromEnv.strip();
        }
        if (token.isEmpty()) {
            throw new Refused("an operator's access token is needed (scope sync:admin): set SYNC_TOKEN or pass "
                    + "--token-file; on the local stack: ./local-stack.sh token admin --admin > admin.token");
        }
        return new OperatorAccess(URI.create(queryApi.endsWith("/") ? queryApi : queryApi + "/"), token);
    }

    /** Fails with the reason unless query-api accepts the token as an operator's. */
    void require() {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(queryApi.resolve("admin/projections")).GET());
        if (answer.statusCode() != 200) {
            throw refusal(answer);
        }
    }

    Switch activate(String version) {
        return switched(send(HttpRequest.newBuilder(queryApi.resolve("admin/projections/activate?version=" + version))
                .POST(HttpRequest.BodyPublishers.noBody())));
    }

    Switch rollback() {
        return switched(send(HttpRequest.newBuilder(queryApi.resolve("admin/projections/rollback"))
                .POST(HttpRequest.BodyPublishers.noBody())));
    }

    private Switch switched(HttpResponse<String> answer) {
        if (answer.statusCode() == 200) {
            JsonNode status = JSON.readTree(answer.body());
            return new Switch(true, status.path("active").asString(null), status.path("previous").asString(null), null);
        }
        if (answer.statusCode() == 409 || answer.statusCode() == 400) {
            return new Switch(false, null, null, detail(answer));
        }
        throw refusal(answer);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Refused("query-api is not reachable at " + queryApi + " (it checks the operator's token; "
                    + "--query-api or QUERY_API_URL names it)");
        } catch (IOException e) {
            throw new Refused("query-api at " + queryApi + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
    }

    private Refused refusal(HttpResponse<String> answer) {
        return switch (answer.statusCode()) {
            case 401 -> new Refused("the access token was refused (expired, or not of the issuer query-api trusts): "
                    + detail(answer));
            case 403 -> new Refused("the access token is not an operator's: it needs the scope sync:admin");
            default -> new Refused("query-api answered " + answer.statusCode() + ": " + detail(answer));
        };
    }

    private static String detail(HttpResponse<String> answer) {
        try {
            JsonNode problem = JSON.readTree(answer.body());
            String detail = problem.path("detail").asString("");
            return detail.isEmpty() ? answer.body() : detail;
        } catch (RuntimeException e) {
            return answer.body();
        }
    }
}
