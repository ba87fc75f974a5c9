package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.gateway.inbox.ProducerDurability;
import io.offlinesync.gateway.inbox.ProducerDurability.NotDurableException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** acks=all and idempotence cannot be turned off: not by the extra producer map, not by the environment. */
class ProducerDurabilityTest {

    private static Map<String, Object> withProducer(Map<String, String> producer) {
        Map<String, Object> settings = new java.util.HashMap<>(producer);
        settings.put("bootstrap.servers", "127.0.0.1:1");
        return settings;
    }

    @ParameterizedTest
    @CsvSource({"acks, 1", "acks, 0", "acks, ''", "enable.idempotence, false", "enable.idempotence, FALSE",
            "enable.idempotence, no"})
    void aWeakeningOverrideIsRefusedNamingTheProperty(String key, String value) {
        assertThatThrownBy(() -> KafkaInboxAppender.producerConfig(Duration.ofSeconds(10), withProducer(Map.of(key, value))))
                .isInstanceOf(NotDurableException.class)
                .hasMessageContaining(key + "=" + value)
                .hasMessageContaining("spring.kafka.producer.properties." + key)
                .hasMessageContaining("SPRING_KAFKA_PRODUCER_PROPERTIES_" + key.replace('.', '_').toUpperCase());
    }

    @ParameterizedTest
    @CsvSource({"acks, all", "acks, -1", "acks, ' ALL '", "enable.idempotence, true", "enable.idempotence, TRUE"})
    void restatingTheDurableValuesIsAccepted(String key, String value) {
        assertThatCode(() -> KafkaInboxAppender.producerConfig(Duration.ofSeconds(10), withProducer(Map.of(key, value))))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingSettingIsNotTakenForDurable() {
        assertThatThrownBy(() -> ProducerDurability.require(Map.of("enable.idempotence", true)))
                .isInstanceOf(NotDurableException.class).hasMessageContaining("acks=null");
        assertThatThrownBy(() -> ProducerDurability.require(Map.of("acks", "all")))
                .isInstanceOf(NotDurableException.class).hasMessageContaining("enable.idempotence=null");
    }

    @Test
    void theApplicationRefusesToStartWithAcksOneOnTheCommandLine() {
        assertThatThrownBy(() -> IngestGatewayApplication.app().run(
                "--server.port=0", "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1", "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTER_SCHEMAS=false",
                "--spring.kafka.producer.properties[acks]=1").close())
                .rootCause().isInstanceOf(NotDurableException.class)
                .hasMessageContaining("spring.kafka.producer.properties.acks");
    }

    @Test
    void theApplicationRefusesToStartWithIdempotenceOffInTheEnvironment() {
        // the environment variable as the operating system would pass it, bound by Spring's relaxed rules
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("SPRING_KAFKA_PRODUCER_PROPERTIES_ENABLE_IDEMPOTENCE", "false",
                                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TOPIC_CREATION_TIMEOUT", "500ms",
                                "REGISTER_SCHEMAS", "false")));
        SpringApplicationBuilder app = IngestGatewayApplication.app().environment(environment);
        assertThatThrownBy(() -> app.run("--server.port=0").close())
                .rootCause().isInstanceOf(NotDurableException.class)
                .hasMessageContaining("enable.idempotence=false")
                .hasMessageContaining("SPRING_KAFKA_PRODUCER_PROPERTIES_ENABLE_IDEMPOTENCE");
        assertThat(environment.getProperty("spring.kafka.producer.properties.enable.idempotence")).isEqualTo("false");
    }
}
