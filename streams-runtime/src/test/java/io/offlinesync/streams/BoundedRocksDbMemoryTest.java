package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TableProperties;

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
            assertThat(table.indexType()).isEqualTo(IndexType.kTwoLevelIndexSearch);
            assertThat(table.partitionFilters()).isTrue();
            assertThat(table.metadataBlockSize()).isEqualTo(BoundedRocksDbMemory.METADATA_BLOCK_BYTES);
            // the first budget asked for in this JVM wins (another test may have opened a store first)
            assertThat(BoundedRocksDbMemory.budget()).isPositive();
            setter.close("store", options);
        }
    }

    /**
     * A store written before the index and filters were partitioned (Kafka Streams' own table settings) opens with
     * them: its old files are read as they are, new files are written partitioned, and a compaction that merges
     * both loses nothing.
     */
    @Test
    void aStoreWrittenUnpartitionedReadsEveryKeyAfterTheChange(@TempDir Path dir) throws RocksDBException {
        RocksDB.loadLibrary();
        String path = dir.toString();
        try (BloomFilter filter = new BloomFilter(); FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            try (Options before = new Options().setCreateIfMissing(true)
                    .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter));
                 RocksDB db = RocksDB.open(before, path)) {
                put(db, 0, 20_000);
                db.flush(flush);
            }
            BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
            try (Options after = new Options().setCreateIfMissing(true)
                    .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter))) {
                setter.setConfig("store", after, Map.of());
                try (RocksDB db = RocksDB.open(after, path)) {
                    assertEveryKey(db, 20_000);
                    put(db, 20_000, 40_000);
                    db.flush(flush);
                    assertThat(db.getPropertiesOfAllTables().values())
                            .extracting(TableProperties::getIndexPartitions)
                            .as("index partitions of the old file and of the new one").hasSize(2)
                            .containsOnlyOnce(0L).anyMatch(partitions -> partitions > 0);
                    assertEveryKey(db, 40_000);
                    assertThat(db.get(key(40_000))).as("a key never written").isNull();
                    db.compactRange();
                    assertThat(db.getPropertiesOfAllTables().values())
                            .extracting(TableProperties::getIndexPartitions).allMatch(partitions -> partitions > 0);
                    assertEveryKey(db, 40_000);
                    assertThat(db.get(key(40_000))).isNull();
                }
                setter.close("store", after);
            }
        }
    }

    private static void put(RocksDB db, int from, int to) throws RocksDBException {
        for (int i = from; i < to; i++) {
            db.put(key(i), ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void assertEveryKey(RocksDB db, int count) throws RocksDBException {
        for (int i = 0; i < count; i++) {
            assertThat(db.get(key(i))).as("key %d", i).isEqualTo(("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] key(int i) {
        return ("list-" + (i * 7919 % 100_003) + "/item-" + i).getBytes(StandardCharsets.UTF_8);
    }
}
