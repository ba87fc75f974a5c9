package io.offlinesync.streams;

import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/**
 * {@link KafkaClients} of {@code spring.kafka.*} in every service that has this module, made once the topics the
 * service declares ({@link NewTopic} beans, see {@link PlatformTopics}) exist: every client, and every Streams
 * application (through its dead letters), starts after that. A broker away is logged, not fatal: the services wait
 * for it, and the next service to start with it makes the topics.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(PlatformTopics.class)
public class KafkaClientsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaClientsConfiguration.class);

    @Bean
    KafkaClients kafkaClients(KafkaAdmin admin, ProducerFactory<?, ?> producers, ConsumerFactory<?, ?> consumers,
                              ObjectProvider<NewTopic> declared, PlatformTopics topics) {
        KafkaClients kafka = KafkaClients.of(admin, producers, consumers);
        // Not KafkaAdmin's own pass: it runs once the Streams applications have started, and it would raise an
        // existing topic's partition count to the declared one (see KafkaClients.createMissing).
        admin.setAutoCreate(false);
        try {
            kafka.createMissing(declared.orderedStream().toList(), topics.creationTimeout())
                    .forEach(topic -> log.info("created topic {}", topic));
        } catch (IllegalStateException e) {
            log.warn("could not make sure the declared topics exist ({}); they must before they are written or read",
                    e.getMessage());
        }
        return kafka;
    }
}
