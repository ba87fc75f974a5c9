package io.offlinesync.query;

import io.offlinesync.access.ServiceSecurity;
import org.springframework.context.annotation.Import;
import io.offlinesync.schemas.AvroPackages;
import io.offlinesync.streams.StreamsServiceBeans;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Serves list state and catch-up from local Kafka Streams stores (interactive queries); port 8082. */
@SpringBootApplication
@Import({ServiceSecurity.class, StreamsServiceBeans.class})
@ConfigurationPropertiesScan
public class QueryApplication {

    public static void main(String[] args) {
        app().run(args);
    }

    /** The application, reading {@code query-api.yml} so it can share a JVM with the other services. */
    public static SpringApplicationBuilder app() {
        AvroPackages.trust();
        return new SpringApplicationBuilder(QueryApplication.class).properties("spring.config.name=query-api");
    }
}
