package io.offlinesync.gateway.ingest;

import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.gateway.inbox.InboxPosition;
import io.offlinesync.gateway.inbox.InboxOverloadedException;
import io.offlinesync.gateway.inbox.InboxSubmission;
import io.offlinesync.gateway.inbox.InboxUnavailableException;
import io.offlinesync.protocol.InvalidBatchException;
import io.offlinesync.protocol.PushBatch;
import io.offlinesync.protocol.PushReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Validates a push request and appends it to the inbox as one record; answers only once it is durable. */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final PushReader reader;
    private final InboxAppender appender;
    private final Clock clock;
    private final IngestMeters meters;

    public IngestService(InboxAppender appender, Clock clock, IngestMeters meters) {
        this.reader = new PushReader(clock);
        this.appender = appender;
        this.clock = clock;
        this.meters = meters;
    }

    /** The batch the body describes, by protocol v1's rules; {@link InvalidBatchException} otherwise. */
    public PushBatch validate(String listId, JsonNode body) {
        return reader.read(listId, body);
    }

    /**
     * Appends a valid batch as one record; returns once the broker has acknowledged it. {@code userId} is the user
     * who pushed it (the request's principal), stamped on the inbox record and so on every log entry of the batch;
     * null when the request carries no principal (a gateway without sign-in: the sequencer then decides the batch as
     * before membership).
     */
    public AcceptedBatch append(PushBatch batch, String userId) {
        String listId = batch.listId();
        InboxSubmission submission = new InboxSubmission(batch.listId(), batch.clientId(), clock.millis(),
                batch.events(), userId);
        long start = System.nanoTime();
        InboxPosition position;
        try {
            position = appender.append(submission);
        } catch (InboxOverloadedException e) {
            throw e; // shed before reaching the broker: no acknowledgement time to speak of
        } catch (InboxUnavailableException e) {
            meters.ackTime(Duration.ofNanos(System.nanoTime() - start), false);
            throw e;
        }
        meters.ackTime(Duration.ofNanos(System.nanoTime() - start), true);
        meters.accepted(batch.events().size());
        log.debug("Appended {} events of {} on list {} at partition {} offset {}", batch.events().size(),
                batch.clientId(), listId, position.partition(), position.offset());
        List<AcceptedBatch.Receipt> receipts = batch.events().stream()
                .map(e -> new AcceptedBatch.Receipt(e.eventId(), e.clientSeq(), position.partition(), position.offset()))
                .toList();
        // clientSeq rises by one inside a batch: the last event's is the batch's fence
        return new AcceptedBatch(listId, batch.events().size(), receipts,
                AcceptedBatch.fence(batch.clientId(), batch.events().getLast().clientSeq()));
    }
}
