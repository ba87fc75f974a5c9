package io.offlinesync.client;

import io.offlinesync.client.http.ServerJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the query-api says of its projections ({@code GET /v1/projections}): the one it serves by default
 * ({@code active}), the one before it ({@code previous}, null when none: where a rollback goes), and every one it
 * serves, each readable with {@link SyncClient#serverState(String, String)}.
 */
public record ServerProjections(String active, String previous, List<ProjectionRef> projections) {

    public ServerProjections {
        projections = List.copyOf(projections);
    }

    /** Whether the server serves a projection of this name ({@code v3}). */
    public boolean serves(String name) {
        return projections.stream().anyMatch(p -> p.name().equals(name));
    }

    static ServerProjections read(String json) {
        JsonNode body = ServerJson.fromQuery(json, "a list of its projections", ServerJson.MAPPER::readTree);
        List<ProjectionRef> projections = new ArrayList<>();
        for (JsonNode p : body.path("projections")) {
            projections.add(new ProjectionRef(p.path("name").asString(), p.path("id").asString(null),
                    p.path("version").asInt(0)));
        }
        return new ServerProjections(body.path("active").asString(null), body.path("previous").asString(null),
                projections);
    }
}
