package io.offlinesync.query.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.conflicts.ConflictQuery;
import io.offlinesync.query.fence.ListStateWatch;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.schemas.ValueSerdes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The queries over the application's stores read the copy the routing names, and nothing when none is named:
 * a read without a target must fail, not silently read every local partition.
 */
class ReadTargetTest {

    private final List<ReadTarget> looked = new CopyOnWriteArrayList<>();

    /** A store lookup that records its target; the store itself is not queryable (nothing more is needed). */
    private <S> S lookup(ReadTarget target) {
        looked.add(target);
        throw new InvalidStateStoreException("not queryable (test)");
    }

    @Test
    void aQueryCalledWithoutATargetReadsNothing() {
        CatchUpQuery catchUp = new CatchUpQuery(this::<ReadOnlyKeyValueStore<org.apache.kafka.common.utils.Bytes,
                byte[]>>lookup, this::lookup, new HeadWatch(), 1024);
        ListStateQuery states = new ListStateQuery(List.of("v1"), ValueSerdes.plain(), new ListStateWatch(),
                Duration.ofMillis(10), projection -> this::lookup);
        ConflictQuery conflicts = new ConflictQuery(catchUp, 20_000, 2);

        assertThatThrownBy(() -> catchUp.read("groceries", 0, 10, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a read target");
        assertThatThrownBy(() -> states.read("groceries", "v1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a read target");
        assertThatThrownBy(() -> conflicts.history("groceries", "milk")).isInstanceOf(IllegalStateException.class);
        assertThat(looked).as("no store was looked up").isEmpty();
    }

    @Test
    void aQueryAtATargetLooksUpThatCopyOnly() {
        CatchUpQuery catchUp = new CatchUpQuery(this::<ReadOnlyKeyValueStore<org.apache.kafka.common.utils.Bytes,
                byte[]>>lookup, this::lookup, new HeadWatch(), 1024);
        ListStateQuery states = new ListStateQuery(List.of("v1"), ValueSerdes.plain(), new ListStateWatch(),
                Duration.ofMillis(10), projection -> this::lookup);

        assertThatThrownBy(() -> catchUp.at(ReadTarget.anyCopy(2)).read("groceries", 0, 10, 0))
                .isInstanceOf(InvalidStateStoreException.class);
        assertThatThrownBy(() -> states.at(ReadTarget.active(5)).read("groceries", "v1"))
                .isInstanceOf(InvalidStateStoreException.class);
        assertThatThrownBy(() -> new ConflictQuery(catchUp, 20_000, 2).at(ReadTarget.active(1)).history("groceries", "milk"))
                .isInstanceOf(InvalidStateStoreException.class);
        assertThat(looked).containsExactly(ReadTarget.anyCopy(2), ReadTarget.active(5), ReadTarget.active(1));
    }

    @Test
    void aTargetBecomesTheStoreLookupsParameters() {
        StoreQueryParameters<?> active = ReadTarget.active(3).parameters("list-heads",
                QueryableStoreTypes.keyValueStore());
        assertThat(active.partition()).isEqualTo(3);
        assertThat(active.staleStoresEnabled()).isFalse();
        StoreQueryParameters<?> copy = ReadTarget.anyCopy(3).parameters("list-heads", QueryableStoreTypes.keyValueStore());
        assertThat(copy.partition()).isEqualTo(3);
        assertThat(copy.staleStoresEnabled()).isTrue();
        StoreQueryParameters<?> alone = ReadTarget.EVERY_LOCAL_PARTITION.parameters("list-heads",
                QueryableStoreTypes.keyValueStore());
        assertThat(alone.partition()).isNull();
        assertThat(alone.staleStoresEnabled()).isFalse();
        assertThatThrownBy(() -> new ReadTarget(-1, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
