package io.offlinesync.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.springframework.util.unit.DataSize;

/**
 * One memory budget for every RocksDB store of the process: a block cache shared by all of them, with their
 * memtables and their index and filter blocks charged to it.
 *
 * <p>Why: by default each store of each task opens its own 50 MiB block cache and up to three 16 MiB memtables,
 * so memory grows with stores times partitions, outside the heap and outside {@code -Xmx}. The projector has
 * (4 sequencer + 3 per projection) stores on 6 partitions: at rest it held 956 MiB resident with a 384 MiB heap
 * (BENCHMARKS.md, "Issue 15"). Bounded like this, the stores of all the process's Kafka Streams applications
 * share {@link #MEMORY} ({@code ROCKSDB_MEMORY}, default 64 MB); reads beyond it go to the OS page cache.
 *
 * <p>Index and filter blocks are partitioned: a lookup brings one 4 KiB partition of a file's index and of its Bloom
 * filter into the cache, where an unpartitioned file brings its whole index and filter (the filter alone 1.25 MB per
 * million keys). With one bounded cache for every store, those whole blocks pushed each other out as the stores
 * grew: sequence lost a third to a half of its rate on stacks of 6 to 22 million events; partitioned, it ran 12%
 * faster at 5 million and kept most of its rate at 13 million (BENCHMARKS.md, "Issue 15, ninth part"). Files written
 * before keep their own format and are read as they are; compactions rewrite them partitioned.
 *
 * <p>Kafka Streams creates one instance per store and calls {@link #close} when the store closes: the shared
 * cache and write buffer manager live as long as the process and are never closed here.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Streams property: the budget for all stores of the process, e.g. {@code 64MB} (the first value seen wins). */
    public static final String MEMORY = "offlinesync.rocksdb.memory";
    public static final String DEFAULT_MEMORY = "64MB";
    /** Share of the budget the memtables may take; the rest holds data, index and filter blocks. */
    private static final double WRITE_BUFFER_SHARE = 0.5;
    /** Size of an index or filter partition: one data block's worth, what a lookup reads of each. */
    static final long METADATA_BLOCK_BYTES = 4096;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long budget;

    /** The shared cache and write buffer manager, made on first use with the first budget asked for. */
    private static synchronized void share(long bytes) {
        if (cache == null) {
            RocksDB.loadLibrary();
            budget = bytes;
            // not strict: while blocks in use fill it, an insert goes past the budget for a while instead of failing
            // the read; partitioned index and filter blocks keep those in use small
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache);
        }
    }

    /** The budget in bytes the shared cache was made with, or 0 before any store opened. */
    public static synchronized long budget() {
        return budget;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object asked = configs.get(MEMORY);
        share(DataSize.parse(asked == null ? DEFAULT_MEMORY : asked.toString()).toBytes());
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true); // the small top level of each partitioned index and filter
        table.setIndexType(IndexType.kTwoLevelIndexSearch);
        table.setPartitionFilters(true);
        table.setMetadataBlockSize(METADATA_BLOCK_BYTES);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
        // smaller memtables, flushed sooner: with many stores, Kafka Streams' 16 MiB each would not fit the budget
        options.setWriteBufferSize(4L * 1024 * 1024);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the process: kept open
    }
}
