package io.offlinesync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.EventBounds;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.StateSize;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.VClock;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link StateSize} bounds what the encoded state really takes, so a list the sequencer keeps within its
 * {@link ListLimits} stays within the record limit: checked on random lists of every policy, with vector siblings,
 * wide clocks, counters at their maximum, titles of multi-byte characters and members with ids up to 64 characters.
 */
class StateSizeBoundTest {

    private static final String[] LETTERS = {"a", "é", "語", "😀", "-"};

    @Test
    void theBoundIsNeverBelowTheEncodedSize() {
        Random random = new Random(20);
        PlainAvroSerde<ItemState> items = new PlainAvroSerde<>(ItemState.class);
        PlainAvroSerde<ListState> states = new PlainAvroSerde<>(ListState.class);
        for (int trial = 0; trial < 200; trial++) {
            Policy policy = Policy.values()[trial % 3];
            TodoList list = randomList(random, policy);
            long bound = ListLimits.FIXED_BYTES + StateSize.title(list.title());
            for (String client : list.clientSeqs().keySet()) {
                bound += StateSize.client(client);
            }
            for (Map.Entry<String, Role> member : list.members().entrySet()) {
                bound += StateSize.member(member.getKey(), member.getValue());
            }
            for (Item item : list.allItems()) {
                int encoded = items.serializer().serialize("t", ListStateCodec.toAvro(item, true)).length;
                assertThat((long) encoded).as("item %s of trial %d", item.itemId(), trial)
                        .isLessThanOrEqualTo(StateSize.item(item));
                bound += StateSize.item(item);
            }
            byte[] whole = states.serializer().serialize("t", ListStateCodec.toAvroV2(list,
                    new SourcePosition("todo.events", 5, Long.MAX_VALUE)));
            assertThat((long) whole.length).as("trial %d", trial).isLessThanOrEqualTo(bound);
        }
    }

    private static TodoList randomList(Random random, Policy policy) {
        List<LogEntry> log = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        for (int c = 0; c < 1 + random.nextInt(30); c++) {
            clients.add(text(random, 1 + random.nextInt(64)).replaceAll("[^A-Za-z0-9_-]", "c"));
        }
        long version = 0;
        log.add(accepted(++version, clients.get(0), new EventBody.ListCreated(text(random, 500), policy)));
        for (int m = 0; m < random.nextInt(40); m++) {
            log.add(accepted(++version, clients.get(0), new EventBody.MemberAdded(
                    text(random, 1 + random.nextInt(64)).replaceAll("[^A-Za-z0-9_-]", "m"),
                    Role.values()[random.nextInt(3)])));
        }
        for (int e = 0; e < 1 + random.nextInt(200); e++) {
            String itemId = "item" + random.nextInt(20);
            String client = clients.get(random.nextInt(clients.size()));
            long count = random.nextBoolean() ? EventBounds.MAX_COUNTER : 1 + random.nextInt(1000);
            VClock clock = clock(random, clients);
            EventBody body = switch (random.nextInt(5)) {
                case 0 -> new EventBody.ItemAdded(itemId, text(random, 1 + random.nextInt(500)), count, clock);
                case 1 -> new EventBody.ItemRenamed(itemId, text(random, 1 + random.nextInt(500)), count, clock);
                case 2 -> new EventBody.ItemCompleted(itemId, count, clock);
                case 3 -> new EventBody.ItemReopened(itemId, count, clock);
                default -> random.nextInt(10) == 0 ? new EventBody.ItemDeleted(itemId, count, clock)
                        : new EventBody.ListRenamed(text(random, 1 + random.nextInt(500)));
            };
            log.add(accepted(++version, client, body));
        }
        return TodoList.fold("list-" + random.nextInt(1000), log);
    }

    private static LogEntry accepted(long version, String clientId, EventBody body) {
        return new LogEntry.Accepted(version, clientId, Long.MAX_VALUE - version,
                new ClientEvent(UUID.randomUUID().toString(), version, new Hlc(EventBounds.MAX_INTEGER, version), body),
                "owner-" + clientId);
    }

    private static VClock clock(Random random, List<String> clients) {
        Map<String, Long> entries = new TreeMap<>();
        for (int i = 0; i < 1 + random.nextInt(clients.size()); i++) {
            entries.put(clients.get(random.nextInt(clients.size())),
                    random.nextBoolean() ? EventBounds.MAX_COUNTER : 1 + random.nextInt(5));
        }
        return new VClock(entries);
    }

    private static String text(Random random, int codePoints) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            text.append(LETTERS[random.nextInt(LETTERS.length)]);
        }
        return text.toString();
    }

    @Test
    void aMemberNeverTakesMoreThanTheLimitsBudgetFor() {
        assertThat(ListLimits.MEMBER_BYTES).isEqualTo(5 + 64 + 5 + "viewer".length());
        for (Role role : Role.values()) {
            assertThat(StateSize.member("x".repeat(64), role)).isLessThanOrEqualTo(ListLimits.MEMBER_BYTES);
        }
    }
}
