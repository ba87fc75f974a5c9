package io.offlinesync.streams;

import java.util.List;

/**
 * The Kafka Streams applications of one service (the projector's sequencer and projections, the query-api's),
 * one bean started and closed with the context (init and destroy methods: they start before the web server
 * takes requests and close after its graceful phase), so probes, health and metrics see one list.
 */
public record StreamsApplications(List<ManagedStreams> all) {

    public StreamsApplications {
        all = List.copyOf(all);
    }

    public void start() {
        all.forEach(ManagedStreams::start);
    }

    /** The last started closes first. */
    public void close() {
        all.reversed().forEach(ManagedStreams::close);
    }
}
