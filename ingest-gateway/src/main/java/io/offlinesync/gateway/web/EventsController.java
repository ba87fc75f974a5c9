package io.offlinesync.gateway.web;

import io.offlinesync.access.UserIds;
import io.offlinesync.gateway.admission.PushAdmission;
import io.offlinesync.gateway.ingest.AcceptedBatch;
import io.offlinesync.gateway.ingest.IngestService;
import io.offlinesync.gateway.membership.ListWriters;
import io.offlinesync.gateway.ratelimit.PushRateLimits;
import io.offlinesync.protocol.PushBatch;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/lists/{listId}/events}: 202 once the whole batch is durable in the inbox. The cheap
 * refusals come first: the token (security filters), the address's and the user's rate limits and the admission
 * (503 while the pipeline is behind its bound) before the body is read, then the body's bytes held on the
 * in-flight budget only while it is read and validated.
 */
@RestController
public class EventsController {

    private final JsonBodyReader reader;
    private final IngestService ingest;
    private final PushRateLimits rateLimits;
    private final ListWriters writers;
    private final PushAdmission admission;

    public EventsController(JsonBodyReader reader, IngestService ingest, PushRateLimits rateLimits,
                            ListWriters writers, PushAdmission admission) {
        this.writers = writers;
        this.admission = admission;
        this.reader = reader;
        this.ingest = ingest;
        this.rateLimits = rateLimits;
    }

    /**
     * @param principal the signed-in user (sign-in, when configured, makes it the access token's user), or null
     *                  without sign-in: its name is stamped on the inbox record as the batch's userId
     */
    @PostMapping(path = "/v1/lists/{listId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedBatch> push(@PathVariable String listId, HttpServletRequest request,
                                              Principal principal) {
        rateLimits.checkAddress(request.getRemoteAddr());
        String userId = UserIds.of(request.getUserPrincipal());
        rateLimits.checkUser(userId);
        // after the rate limits, so that a client over its rate is told so (429) whatever the pipeline does
        try (PushAdmission.Place place = admission.admit()) {
            PushBatch batch;
            try (ReadBody body = reader.read(request)) {
                batch = ingest.validate(listId, body.json());
            }
            writers.require(listId, batch.clientId(), userId);
            // the body's bytes are given back first; the appender holds the record's own estimate from here
            return ResponseEntity.accepted().body(ingest.append(batch, principal == null ? null : principal.getName()));
        }
    }
}
