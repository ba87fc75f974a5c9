package io.offlinesync.gateway.ingest;

import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.gateway.inbox.InboxPosition;
import io.offlinesync.gateway.inbox.InboxSubmission;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Validates a push request and appends it to the inbox as one record; answers only once it is durable. */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final BatchValidator validator;
    private final InboxAppender appender;
    private final Clock clock;

    public IngestService(BatchValidator validator, InboxAppender appender, Clock clock) {
        this.validator = validator;
        this.appender = appender;
        this.clock = clock;
    }

    public AcceptedBatch ingest(String listId, JsonNode body) {
        ValidBatch batch = validator.validate(listId, body);
        InboxPosition position = appender.append(
                new InboxSubmission(batch.listId(), batch.clientId(), clock.millis(), batch.events()));
        log.debug("Appended {} events of {} on list {} at partition {} offset {}", batch.events().size(),
                batch.clientId(), listId, position.partition(), position.offset());
        return new AcceptedBatch(listId, batch.events().size(), batch.events().stream()
                .map(e -> new AcceptedBatch.Receipt(e.eventId(), e.clientSeq(), position.partition(), position.offset()))
                .toList());
    }
}
