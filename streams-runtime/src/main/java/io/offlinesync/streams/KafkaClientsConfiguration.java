package io.offlinesync.streams;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/** {@link KafkaClients} of {@code spring.kafka.*} in every service that has this module. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
public class KafkaClientsConfiguration {

    @Bean
    KafkaClients kafkaClients(KafkaAdmin admin, ProducerFactory<?, ?> producers, ConsumerFactory<?, ?> consumers) {
        return KafkaClients.of(admin, producers, consumers);
    }
}
