package io.offlinesync.projector.cli;

import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ListState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fields two projection versions share, compared for one list: title, policy, listVersion and the
 * items' visible fields (shown or not, title, completed, conflicts). Fields only one version has (v2's
 * counts, times, digest) are not compared, so v1 and v2 of the same log do not differ.
 */
final class ListStateDiff {

    private ListStateDiff() {
    }

    /** The differing fields ({@code title}, {@code items[milk]}, {@code missing in B}, ...); empty if none. */
    static List<String> differences(ListState a, ListState b) {
        List<String> fields = new ArrayList<>();
        if (a == null || b == null) {
            fields.add(a == null ? "missing in --from" : "missing in --to");
            return fields;
        }
        if (!Objects.equals(a.getTitle(), b.getTitle())) {
            fields.add("title: '" + a.getTitle() + "' vs '" + b.getTitle() + "'");
        }
        if (a.getPolicy() != b.getPolicy()) {
            fields.add("policy: " + a.getPolicy() + " vs " + b.getPolicy());
        }
        if (a.getListVersion() != b.getListVersion()) {
            fields.add("listVersion: " + a.getListVersion() + " vs " + b.getListVersion());
        }
        TodoList x = ListStateCodec.fromAvro(a);
        TodoList y = ListStateCodec.fromAvro(b);
        for (String itemId : TodoList.differingItems(x, y)) {
            fields.add("items[" + itemId + "]");
        }
        List<String> orderX = x.visibleItems().stream().map(i -> i.itemId()).toList();
        List<String> orderY = y.visibleItems().stream().map(i -> i.itemId()).toList();
        if (fields.stream().noneMatch(f -> f.startsWith("items[")) && !orderX.equals(orderY)) {
            fields.add("items order");
        }
        return fields;
    }
}
