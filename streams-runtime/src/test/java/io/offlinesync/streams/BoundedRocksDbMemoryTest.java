package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {

    @Test
    void everyApplicationOfThePlatformUsesTheSharedBudget() {
        Properties props = new StreamsSettings("localhost:9092", "app", "/tmp/x", true, Duration.ofMillis(100), 1, null)
                .toProperties();
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(props.get(BoundedRocksDbMemory.MEMORY)).isEqualTo("64MB");
    }

    @Test
    void aStoreGetsTheSharedCacheAndSmallMemtables() {
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("store", options, Map.of(BoundedRocksDbMemory.MEMORY, "32MB"));
            assertThat(options.writeBufferSize()).isEqualTo(4L * 1024 * 1024);
            assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            // the first budget asked for in this JVM wins (another test may have opened a store first)
            assertThat(BoundedRocksDbMemory.budget()).isPositive();
            setter.close("store", options);
        }
    }
}
