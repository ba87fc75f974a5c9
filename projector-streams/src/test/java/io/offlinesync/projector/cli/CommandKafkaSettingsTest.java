package io.offlinesync.projector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's Kafka settings: the services' SPRING_KAFKA_PROPERTIES_* environment, then the options. */
class CommandKafkaSettingsTest {

    @Test
    void theEnvironmentIsReadAsSpringBindsItAndTheOptionsComeOverIt() {
        Map<String, Object> settings = ProjectionsCommand.kafkaSettings("broker:9093",
                Map.of("SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                        "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "PLAIN",
                        "SPRING_KAFKA_PROPERTIES_", "ignored",
                        "KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092", "PATH", "/bin"),
                Map.of("sasl.mechanism", "SCRAM-SHA-512", "bootstrap.servers", "not-this:1"));
        assertThat(settings).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "bootstrap.servers", "broker:9093"));
    }

    @Test
    void kafkaPropertyOptionsReachTheCommandsClients() {
        ProjectionsCommand root = new ProjectionsCommand();
        new picocli.CommandLine(root).parseArgs("--bootstrap-servers", "broker:9093",
                "--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property", "sasl.mechanism=PLAIN");
        assertThat(root.kafka().consumer()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN").containsEntry("bootstrap.servers", "broker:9093");
        assertThat(root.kafka().admin()).isEqualTo(root.kafka().producer());
    }
}
