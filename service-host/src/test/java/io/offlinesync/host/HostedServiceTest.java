package io.offlinesync.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.gateway.IngestGatewayApplication;
import io.offlinesync.projector.ProjectorApplication;
import io.offlinesync.query.QueryApplication;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostedServiceTest {

    @Test
    void eachServiceGetsTheSharedArgumentsThenItsOwnInTheOrderNamed() {
        List<HostedService> services = HostedService.parse("--KAFKA_BOOTSTRAP_SERVERS=localhost:9092",
                "query-api", "--SERVER_PORT=8082", "--STATE_DIR=/tmp/q",
                "ingest-gateway", "--SERVER_PORT=8081",
                "projector-streams");

        assertThat(services).extracting(HostedService::name)
                .containsExactly("query-api", "ingest-gateway", "projector-streams");
        assertThat(services.get(0).args()).containsExactly("--KAFKA_BOOTSTRAP_SERVERS=localhost:9092",
                "--SERVER_PORT=8082", "--STATE_DIR=/tmp/q");
        assertThat(services.get(1).args()).containsExactly("--KAFKA_BOOTSTRAP_SERVERS=localhost:9092",
                "--SERVER_PORT=8081");
        assertThat(services.get(2).args()).containsExactly("--KAFKA_BOOTSTRAP_SERVERS=localhost:9092");
    }

    @Test
    void everyKnownServiceIsItsOwnApplicationNamedByItsOwnClass() {
        assertThat(HostedService.KNOWN).containsOnlyKeys("ingest-gateway", "projector-streams", "query-api");
        assertThat(new HostedService("ingest-gateway", List.of()).application().application().getMainApplicationClass())
                .isEqualTo(IngestGatewayApplication.class);
        assertThat(new HostedService("projector-streams", List.of()).application().application().getMainApplicationClass())
                .isEqualTo(ProjectorApplication.class);
        assertThat(new HostedService("query-api", List.of()).application().application().getMainApplicationClass())
                .isEqualTo(QueryApplication.class);
    }

    @Test
    void anUnknownNameIsRefusedByName() {
        assertThatThrownBy(() -> HostedService.parse("ingest-gateway", "issuer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'issuer' is neither a service (ingest-gateway, projector-streams, query-api)");
    }

    @Test
    void aServiceNamedTwiceIsRefused() {
        assertThatThrownBy(() -> HostedService.parse("query-api", "--SERVER_PORT=1", "query-api", "--SERVER_PORT=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query-api is named twice");
    }

    @Test
    void aCommandLineWithoutAServiceIsRefused() {
        assertThatThrownBy(() -> HostedService.parse("--SERVER_PORT=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no service named");
        assertThatThrownBy(() -> HostedService.parse("query-api", "--"))
                .hasMessageContaining("'--' is neither a service");
    }
}
