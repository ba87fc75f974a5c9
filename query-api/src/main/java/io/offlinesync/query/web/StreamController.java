package io.offlinesync.query.web;

import io.offlinesync.access.Callers;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.LongPollLimits;
import io.offlinesync.query.cluster.ListReads;
import io.offlinesync.query.cluster.RoutedListLog;
import io.offlinesync.query.stream.LiveStreams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live stream (PROTOCOL.md, "Live stream"): server-sent events of up to 100 lists from their cursors.
 * Checked before the first byte (400, 401, 429 as problem+json); from then on the stream runs in
 * {@link LiveStreams} on this request's virtual thread until the client goes or the service shuts down.
 */
@RestController
class StreamController {

    private final LiveStreams streams;
    private final ListReads reads;
    private final CatchUpQuery catchUp;
    private final ListReaders readers;
    private final Callers callers;

    StreamController(LiveStreams streams, ListReads reads, CatchUpQuery catchUp, ListReaders readers, Callers callers) {
        this.callers = callers;
        this.streams = streams;
        this.reads = reads;
        this.catchUp = catchUp;
        this.readers = readers;
    }

    @GetMapping(path = "/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void stream(HttpServletRequest request, HttpServletResponse response) throws IOException, InterruptedException {
        Map<String, Long> cursors = StreamCursors.parse(QueryParams.raw(request, "lists"));
        try (LongPollLimits.Permit permit = streams.admit(LongPollCaller.of(request))) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE + ";charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no"); // nginx and friends: pass each event on at once
            streams.run(cursors, new RoutedListLog(reads, catchUp, request), readers.streamAccess(request),
                    callers.validUntil(request.getUserPrincipal()).orElse(null), response.getOutputStream());
        }
    }
}
