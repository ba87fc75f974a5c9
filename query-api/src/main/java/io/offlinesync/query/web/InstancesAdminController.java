package io.offlinesync.query.web;

import io.offlinesync.query.cluster.ListReads;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/instances}: the query-api instances of the group as this one sees them (which
 * partitions each hosts, active and standby) and how far behind this instance's own copies are.
 */
@RestController
class InstancesAdminController {

    private final ListReads reads;

    InstancesAdminController(ListReads reads) {
        this.reads = reads;
    }

    @GetMapping(path = "/admin/instances", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> instances() {
        return reads.describe();
    }
}
