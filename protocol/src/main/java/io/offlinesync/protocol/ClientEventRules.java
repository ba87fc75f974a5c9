package io.offlinesync.protocol;

import io.offlinesync.domain.ClientEvent;
import java.time.Clock;
import java.util.List;

/**
 * The gateway's rules for one event, for a device to run before it queues an edit: an event that breaks them
 * would be refused by every push, and so block the queue behind it. The same reader as the gateway's
 * ({@link PushReader}) runs over the event as it would be pushed, so the two cannot disagree.
 */
public final class ClientEventRules {

    private ClientEventRules() {
    }

    /** The rules {@code event} breaks (empty when it may be pushed), judged against this device's clock. */
    public static List<FieldError> check(ClientEvent event) {
        return check(event, Clock.systemUTC());
    }

    /** The rules {@code event} breaks, its {@code at.ms} judged against {@code clock}. */
    public static List<FieldError> check(ClientEvent event, Clock clock) {
        return new PushReader(clock).check(ProtocolJson.parse(ClientEventJson.write(event)));
    }
}
