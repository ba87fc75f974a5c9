package io.offlinesync.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceHostTest {

    @Test
    void twoServicesWithStoresGetTheBudgetEachHadInAJvmOfItsOwn() {
        assertThat(ServiceHost.rocksDbBudget(
                HostedService.parse("ingest-gateway", "projector-streams", "query-api"), Map.of())).hasValue("128MB");
    }

    @Test
    void oneServiceWithStoresKeepsItsOwnDefault() {
        assertThat(ServiceHost.rocksDbBudget(HostedService.parse("ingest-gateway", "query-api"), Map.of())).isEmpty();
    }

    @Test
    void aBudgetSomebodySetIsLeftAsItIs() {
        assertThat(ServiceHost.rocksDbBudget(HostedService.parse("projector-streams", "query-api"),
                Map.of("ROCKSDB_MEMORY", "32MB"))).isEmpty();
        assertThat(ServiceHost.rocksDbBudget(HostedService.parse("--ROCKSDB_MEMORY=32MB", "projector-streams",
                "query-api"), Map.of())).isEmpty();
        assertThat(ServiceHost.rocksDbBudget(HostedService.parse("projector-streams", "query-api",
                "--sync.rocksdb-memory=32MB"), Map.of())).isEmpty();
    }
}
