package io.offlinesync.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.streams.RegistryConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scale-out settings: unset keeps a single instance as it was; set, they make application.server. */
class QueryPropertiesTest {

    private static QueryProperties with(String advertisedUrl, Integer standbyReplicas) {
        return new QueryProperties(new RegistryConnection("http://localhost:8080", Duration.ofSeconds(60)), "/tmp/q",
                Duration.ofMillis(100), 1, List.of("v1"), advertisedUrl, standbyReplicas, 1000, Duration.ofSeconds(5),
                null, null, org.springframework.util.unit.DataSize.ofMegabytes(64));
    }

    @Test
    void withoutAnAdvertisedUrlTheInstanceServesAloneWithoutStandbys() {
        for (String unset : new String[] {null, "", "  "}) {
            QueryProperties props = with(unset, null);
            assertThat(props.scaledOut()).isFalse();
            assertThat(props.applicationServer()).isNull();
            assertThat(props.standbyReplicasOrDefault()).isZero();
        }
    }

    @Test
    void anAdvertisedUrlMakesApplicationServerAndOneStandbyByDefault() {
        QueryProperties props = with("http://10.0.0.5:8082", null);
        assertThat(props.scaledOut()).isTrue();
        assertThat(props.applicationServer()).isEqualTo("10.0.0.5:8082");
        assertThat(props.standbyReplicasOrDefault()).isEqualTo(1);
        assertThat(with("http://10.0.0.5:8082", 0).standbyReplicasOrDefault()).isZero();
        assertThat(with("https://q-1.q.svc:8443/", 2).standbyReplicasOrDefault()).isEqualTo(2);
    }

    @Test
    void anAdvertisedUrlWithoutSchemeOrPortIsRefusedAtStartup() {
        for (String bad : new String[] {"10.0.0.5:8082", "http://10.0.0.5", "localhost"}) {
            assertThatThrownBy(() -> with(bad, null)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("QUERY_API_ADVERTISED_URL");
        }
        assertThatThrownBy(() -> with("http://h:1", -1)).hasMessageContaining("STANDBY_REPLICAS");
    }

    @Test
    void theReadBoundsDefaultAndRefuseNonPositiveValuesNamingTheirVariable() {
        ReadLimits defaults = with(null, null).reads();
        assertThat(defaults).isEqualTo(ReadLimits.DEFAULTS);
        assertThat(defaults.maxPageBytes()).isEqualTo(1 << 20);
        assertThat(defaults.maxFoldEntries()).isEqualTo(20_000);
        assertThat(defaults.maxConcurrentFolds()).isEqualTo(2);
        assertThat(defaults.maxLongPollsPerUser()).isEqualTo(64);
        assertThat(defaults.maxLongPolls()).isEqualTo(2000);
        assertThatThrownBy(() -> new ReadLimits(0, 1, 1, 1, 1)).hasMessageContaining("MAX_PAGE_BYTES");
        assertThatThrownBy(() -> new ReadLimits(1, 0, 1, 1, 1)).hasMessageContaining("MAX_FOLD_ENTRIES");
        assertThatThrownBy(() -> new ReadLimits(1, 1, 0, 1, 1)).hasMessageContaining("MAX_CONCURRENT_FOLDS");
        assertThatThrownBy(() -> new ReadLimits(1, 1, 1, -1, 1)).hasMessageContaining("MAX_LONGPOLLS_PER_USER");
        assertThatThrownBy(() -> new ReadLimits(1, 1, 1, 1, 0)).hasMessageContaining("MAX_LONGPOLLS");
        assertThat(with(null, null).clusterToken()).isNull();
    }
}
