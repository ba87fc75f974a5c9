package io.offlinesync.gateway.web;

import io.offlinesync.gateway.ingest.AcceptedBatch;
import io.offlinesync.gateway.ingest.IngestService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/lists/{listId}/events}: 202 once the whole batch is durable in the inbox. */
@RestController
public class EventsController {

    private final JsonBodyReader reader;
    private final IngestService ingest;

    public EventsController(JsonBodyReader reader, IngestService ingest) {
        this.reader = reader;
        this.ingest = ingest;
    }

    @PostMapping(path = "/v1/lists/{listId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedBatch> push(@PathVariable String listId, HttpServletRequest request) {
        return ResponseEntity.accepted().body(ingest.ingest(listId, reader.read(request)));
    }
}
