package io.offlinesync.projector;

import io.offlinesync.access.ServiceSecurity;
import org.springframework.context.annotation.Import;
import io.offlinesync.schemas.AvroPackages;
import io.offlinesync.streams.StreamsServiceBeans;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the sequencer and projection v1, each its own Kafka Streams application; management on 8083. */
@SpringBootApplication
@Import({ServiceSecurity.class, StreamsServiceBeans.class})
@ConfigurationPropertiesScan
public class ProjectorApplication {

    public static void main(String[] args) {
        app().run(args);
    }

    /** The application, reading {@code projector-streams.yml} so it can share a JVM with the other services. */
    public static SpringApplicationBuilder app() {
        AvroPackages.trust();
        return new SpringApplicationBuilder(ProjectorApplication.class)
                .properties("spring.config.name=projector-streams");
    }
}
