package io.offlinesync.schemas;

import io.offlinesync.domain.Item;
import io.offlinesync.domain.Register;
import io.offlinesync.domain.Stamp;
import io.offlinesync.domain.StateDigest;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.VClock;
import io.offlinesync.domain.Write;
import io.offlinesync.schemas.avro.CompletedWrite;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import io.offlinesync.schemas.avro.TitleWrite;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a folded {@link TodoList} to the {@code todo.lists.vN} record and back. v1 leaves the fields
 * added for v2 null; {@link #toAvroV2} fills them (counts, server times, state digest). Both carry the list's
 * {@code members} (user id -> role name): members are not version-specific.
 */
public final class ListStateCodec {

    private ListStateCodec() {
    }

    public static ListState toAvro(TodoList list, SourcePosition source) {
        return builder(list, source, false).build();
    }

    /** Projection v2's record: v1's plus open/done counts, per-item server times and the state digest. */
    public static ListState toAvroV2(TodoList list, SourcePosition source) {
        List<Item> visible = list.visibleItems();
        long done = visible.stream().filter(Item::done).count();
        return builder(list, source, true)
                .setOpenCount((long) visible.size() - done)
                .setDoneCount(done)
                .setStateHash(StateDigest.of(list))
                .build();
    }

    private static ListState.Builder builder(TodoList list, SourcePosition source, boolean serverTimes) {
        List<ItemState> items = new ArrayList<>();
        for (Item item : list.allItems()) {
            items.add(toAvro(item, serverTimes));
        }
        Stamp titleStamp = list.titleStamp();
        return ListState.newBuilder()
                .setListId(list.listId())
                .setCreated(list.created())
                .setTitle(list.title() == null ? "" : list.title())
                .setTitleAt(titleStamp == null ? new io.offlinesync.schemas.avro.Hlc(0L, 0L) : EventCodec.toAvro(titleStamp.at()))
                .setTitleClientId(titleStamp == null ? "" : titleStamp.clientId())
                .setPolicy(EventCodec.toAvro(list.policy()))
                .setListVersion(list.listVersion())
                .setFoldedEntries(list.foldedEntries())
                .setClientSeqs(list.clientSeqs())
                .setItems(items)
                .setSource(source)
                .setMembers(ListAccessCodec.roleNames(list.members()));
    }

    public static TodoList fromAvro(ListState state) {
        List<Item> items = mapped(state.getItems(), ListStateCodec::fromAvro);
        Stamp titleStamp = state.getCreated()
                ? new Stamp(EventCodec.fromAvro(state.getTitleAt()), state.getTitleClientId()) : null;
        return TodoList.restore(state.getListId(), state.getCreated(), state.getCreated() ? state.getTitle() : null,
                titleStamp, EventCodec.fromAvro(state.getPolicy()), state.getListVersion(), state.getFoldedEntries(),
                state.getClientSeqs(), items, ListAccessCodec.roles(state.getMembers()));
    }

    /** One item as a state keeps it; {@code serverTimes}: with v2's addedAtMs/updatedAtMs. */
    public static ItemState toAvro(Item item, boolean serverTimes) {
        return new ItemState(item.itemId(), item.addedVersion(), item.deletedVersion(),
                mapped(item.title().writes(), ListStateCodec::titleWrite),
                mapped(item.completed().writes(), ListStateCodec::completedWrite),
                serverTimes ? item.addedAtMs() : null, serverTimes ? item.updatedAtMs() : null);
    }

    public static Item fromAvro(ItemState i) {
        return new Item(i.getItemId(), i.getAddedVersion(), i.getDeletedVersion(),
                new Register<>(mapped(i.getTitle(), ListStateCodec::titleWrite)),
                new Register<>(mapped(i.getCompleted(), ListStateCodec::completedWrite)),
                orZero(i.getAddedAtMs()), orZero(i.getUpdatedAtMs()));
    }

    /**
     * {@code from} mapped, in a list of its size. A loop, not a stream: a register holds one write or two, and a
     * stream's set-up cost more than the mapping (half of building a state's record, in a replay's profile).
     */
    private static <A, B> List<B> mapped(List<A> from, java.util.function.Function<A, B> map) {
        List<B> to = new ArrayList<>(from.size());
        for (A a : from) {
            to.add(map.apply(a));
        }
        return to;
    }

    private static long orZero(Long ms) {
        return ms == null ? 0 : ms;
    }

    private static TitleWrite titleWrite(Write<String> w) {
        return new TitleWrite(w.value(), EventCodec.toAvro(w.stamp().at()), w.stamp().clientId(), w.count(),
                w.vclock().entries(), w.listVersion());
    }

    private static CompletedWrite completedWrite(Write<Boolean> w) {
        return new CompletedWrite(w.value(), EventCodec.toAvro(w.stamp().at()), w.stamp().clientId(), w.count(),
                w.vclock().entries(), w.listVersion());
    }

    private static Write<String> titleWrite(TitleWrite w) {
        return new Write<>(w.getValue(), new Stamp(EventCodec.fromAvro(w.getAt()), w.getClientId()), w.getCount(),
                new VClock(w.getVclock()), w.getListVersion());
    }

    private static Write<Boolean> completedWrite(CompletedWrite w) {
        return new Write<>(w.getValue(), new Stamp(EventCodec.fromAvro(w.getAt()), w.getClientId()), w.getCount(),
                new VClock(w.getVclock()), w.getListVersion());
    }
}
