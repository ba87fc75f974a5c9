package io.offlinesync.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the sequencer and projection v1, each its own Kafka Streams application; management on 8083. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProjectorApplication {

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                        "java.lang,java.util,io.offlinesync.schemas.avro"));
        SpringApplication.run(ProjectorApplication.class, args);
    }
}
