package io.offlinesync.client;

import io.offlinesync.client.http.ServerJson;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The signed-in user's lists and a list's members, as the query-api serves them (protocol v1.1, "Membership"):
 * {@code GET /v1/lists} page after page until {@code next} is absent, and the {@code members} of a list's state.
 */
final class ServerLists {

    static final int PAGE = 100;

    private final SyncHttp http;

    ServerLists(SyncHttp http) {
        this.http = http;
    }

    List<ServerList> all() throws ServerUnreachableException, InterruptedException {
        List<ServerList> lists = new ArrayList<>();
        String after = null;
        while (true) {
            JsonNode page = ServerJson.fromQuery(http.lists(after, PAGE), "the list of lists",
                    ServerJson.MAPPER::readTree);
            for (JsonNode list : page.path("lists")) {
                lists.add(new ServerList(list.path("listId").asString(), list.path("title").asString(null),
                        list.path("role").asString(null), list.path("listVersion").asLong(0)));
            }
            String next = page.path("next").asString(null);
            if (next == null || next.equals(after)) {
                return lists; // the last page (a cursor that does not move would page forever)
            }
            after = next;
        }
    }

    /** The list's members (user id to role) in the server's order; empty when the list does not exist for this user. */
    Optional<Map<String, String>> members(String listId) throws ServerUnreachableException, InterruptedException {
        Optional<SyncHttp.Snapshot> state = http.state(listId);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> members = new LinkedHashMap<>();
        // a server older than protocol v1.1 sends no members: no one to show
        ServerJson.fromQuery(state.get().json(), "the list's state", ServerJson.MAPPER::readTree)
                .path("members").properties()
                .forEach(e -> members.put(e.getKey(), e.getValue().asString()));
        return Optional.of(members);
    }
}
