package io.offlinesync.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Serves list state and catch-up from local Kafka Streams stores (interactive queries); port 8082. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryApplication {

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                        "java.lang,java.util,io.offlinesync.schemas.avro"));
        SpringApplication.run(QueryApplication.class, args);
    }
}
