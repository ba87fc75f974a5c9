package io.offlinesync.gateway;

import io.offlinesync.access.ServiceSecurity;
import org.springframework.context.annotation.Import;
import io.offlinesync.schemas.AvroPackages;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The write side of the sync protocol: validates device batches and appends each to {@code todo.inbox}
 * as one record; port 8081.
 */
@SpringBootApplication
@Import(ServiceSecurity.class)
@ConfigurationPropertiesScan
public class IngestGatewayApplication {

    public static void main(String[] args) {
        app().run(args);
    }

    /** The application, reading {@code ingest-gateway.yml} so it can share a JVM with the other services. */
    public static SpringApplicationBuilder app() {
        AvroPackages.trust();
        return new SpringApplicationBuilder(IngestGatewayApplication.class)
                .properties("spring.config.name=ingest-gateway");
    }
}
