package io.offlinesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.protocol.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An edit the gateway would refuse for good is refused before it is queued, naming the field as the gateway does;
 * nothing of it is kept (no pending event, no clientSeq spent), so the edits behind it still push.
 */
class EditRulesTest extends AgainstFakeServer {

    @Test
    void anEditTheGatewayWouldRefuseIsNotQueuedAndNamesItsField() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            String tooLong = "x".repeat(501);

            assertThatThrownBy(() -> ann.addItem("g", tooLong))
                    .isInstanceOf(InvalidEditException.class)
                    .satisfies(e -> assertThat(((InvalidEditException) e).errors()).extracting(FieldError::field)
                            .containsExactly("title"));
            assertThatThrownBy(() -> ann.renameList("g", ""))
                    .isInstanceOf(InvalidEditException.class).hasMessageContaining("title");
            assertThatThrownBy(() -> ann.addMember("g", "not a user", Role.EDITOR))
                    .isInstanceOf(InvalidEditException.class)
                    .satisfies(e -> assertThat(((InvalidEditException) e).errors()).extracting(FieldError::field)
                            .containsExactly("member"));
            assertThatThrownBy(() -> ann.createList("no spaces please", "Bad", Policy.LWW))
                    .isInstanceOf(InvalidEditException.class).hasMessageContaining("listId");
            assertThat(ann.view("g").pendingEdits()).as("only the createList is queued").isEqualTo(1);

            ann.addItem("g", "Milk");
            ann.sync();

            assertThat(server.log("g")).extracting(e -> e.clientSeq()).as("no clientSeq spent on refused edits")
                    .containsExactly(1L, 2L);
            assertThat(ann.view("g").pendingEdits()).isZero();
            assertThat(ann.status().rejections()).isEmpty();
            assertThat(ann.lists()).doesNotContain("no spaces please");
        }
    }
}
