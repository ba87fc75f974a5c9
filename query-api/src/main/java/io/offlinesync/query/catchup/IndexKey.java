package io.offlinesync.query.catchup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the event index: UTF-8 listId, a 0x00 separator, then a listVersion as 8 big-endian bytes (of the last
 * entry its value holds, {@link IndexSegment}). listIds never contain 0x00, so one list's keys are contiguous and
 * ordered by version in the store.
 */
final class IndexKey {

    private IndexKey() {
    }

    static Bytes of(String listId, long listVersion) {
        byte[] id = listId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(id.length + 9).put(id).put((byte) 0).putLong(listVersion).array());
    }

    static long version(Bytes key) {
        byte[] bytes = key.get();
        return ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
    }
}
