package io.offlinesync.gateway;

import static io.offlinesync.gateway.PushTest.batch;
import static io.offlinesync.gateway.PushTest.itemAdded;
import static io.offlinesync.gateway.PushTest.listCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.gateway.inbox.InFlightBudget;
import io.offlinesync.gateway.inbox.InboxSubmission;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The gateway's early refusal from its membership view ({@code ListWriters}): a push that cannot get anything in
 * is 403 problem+json ({@code urn:offlinesync:problem:forbidden}), nothing appended, its body's bytes given back:
 * from a viewer, from a non-member (an operator too: operators read every list but write only as themselves),
 * and under a clientId that belongs to another user on the list. Owners and editors pass, and so does anyone on
 * a list the view does not know (anyone may create a list).
 */
class ListWritersTest extends WebTestBase {

    static final String SHARED = "shared-groceries";

    @Autowired
    MeterRegistry meters;

    @Autowired
    InFlightBudget budget;

    @BeforeEach
    void members() {
        MEMBERS.put(SHARED, new ListAccess(
                Map.of("ann", ListAccess.OWNER, "bob", ListAccess.EDITOR, "vic", ListAccess.VIEWER),
                Map.of("ann-phone", "ann", "bob-phone", "bob", "vic-phone", "vic")));
    }

    static String items(String clientId) {
        return batch(clientId, List.of(itemAdded(5, "Buy milk"), itemAdded(6, "Buy eggs")));
    }

    @Test
    void aViewerIs403() throws Exception {
        HttpResponse<String> response = pushAs("vic", SHARED, items("vic-phone"));
        assertForbidden(response);
        assertThat(json(response).path("detail").asString()).contains("vic").contains("viewer");
    }

    @Test
    void aNonMemberIs403EvenAnOperator() throws Exception {
        HttpResponse<String> stranger = pushAs("nina", SHARED, items("nina-phone"));
        assertForbidden(stranger);
        assertThat(json(stranger).path("detail").asString()).contains("nina").contains("not a member");

        HttpResponse<String> operator = post("/v1/lists/" + SHARED + "/events", "application/json",
                items("ops-laptop").getBytes(StandardCharsets.UTF_8), "Bearer " + TestIssuer.adminToken("ops"));
        assertForbidden(operator);
    }

    @Test
    void aPushUnderAnotherUsersClientIdIs403EvenForAnOwner() throws Exception {
        // bob may edit the list, but not as ann's device
        HttpResponse<String> asAnnsDevice = pushAs("bob", SHARED, items("ann-phone"));
        assertForbidden(asAnnsDevice);
        assertThat(json(asAnnsDevice).path("detail").asString()).contains("ann-phone").contains("another user");
        // nor may ann, the owner, push as bob's
        assertForbidden(pushAs("ann", SHARED, items("bob-phone")));
    }

    @Test
    void aForbiddenPushIsCountedAndGivesItsBodyBack() throws Exception {
        double before = forbiddenCount();
        assertForbidden(pushAs("vic", SHARED, items("vic-phone")));
        assertThat(forbiddenCount() - before).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.inFlightBytes() == 0);
    }

    @Test
    void ownersAndEditorsPassUnderTheirOwnOrANewClientId() throws Exception {
        assertThat(pushAs("ann", SHARED, items("ann-phone")).statusCode()).isEqualTo(202);
        assertThat(pushAs("bob", SHARED, items("bob-phone")).statusCode()).isEqualTo(202);
        HttpResponse<String> newDevice = pushAs("bob", SHARED, items("bob-laptop"));
        assertThat(newDevice.statusCode()).as(newDevice.body()).isEqualTo(202);
        assertThat(FAKE.appended()).extracting(InboxSubmission::clientId)
                .containsExactly("ann-phone", "bob-phone", "bob-laptop");
    }

    @Test
    void aListTheViewDoesNotKnowIsLetThrough() throws Exception {
        // nina belongs to no list: she may still create one (and a viewer elsewhere may too)
        HttpResponse<String> created = pushAs("nina", "ninas-list", batch("nina-phone", List.of(listCreated(1))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        assertThat(pushAs("vic", "vics-list", batch("vic-phone", List.of(listCreated(1)))).statusCode())
                .isEqualTo(202);
        assertThat(FAKE.appended()).extracting(InboxSubmission::listId).containsExactly("ninas-list", "vics-list");
    }

    private double forbiddenCount() {
        return meters.get("sync.ingest.requests").tag("outcome", "forbidden").counter().count();
    }

    static void assertForbidden(HttpResponse<String> response) {
        PushTest.assertProblem(response, 403);
        assertThat(json(response).path("type").asString()).isEqualTo("urn:offlinesync:problem:forbidden");
        assertThat(json(response).path("detail").asString()).contains("nothing was written");
        assertThat(FAKE.appended()).isEmpty();
    }
}
