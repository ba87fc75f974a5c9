package io.offlinesync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.VClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the strict reader, each broken alone: the error names the field the gateway reports. */
class PushReaderRulesTest {

    static final long NOW = 1_764_150_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    static final String ID = "0b9e0000-0000-4000-8000-000000000001";
    final PushReader reader = new PushReader(CLOCK);

    /** A valid event of {@code type} with {@code fields}, the common fields first (each replaceable). */
    static String event(String common, String fields) {
        return "{" + common + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    static String common() {
        return "\"eventId\":\"" + ID + "\",\"clientSeq\":1,\"at\":{\"ms\":" + NOW + ",\"n\":0}";
    }

    static String body(String... events) {
        return "{\"clientId\":\"ann-phone\",\"events\":[" + String.join(",", events) + "]}";
    }

    static final String ITEM = "\"type\":\"ItemAdded\",\"itemId\":\"milk\",\"title\":\"Milk\",\"count\":1,"
            + "\"vclock\":{\"ann-phone\":1}";

    static Stream<Arguments> brokenRules() {
        String c = common();
        return Stream.of(
                // the body
                arguments("not an object", "[]", null, null),
                arguments("clientId missing", "{\"events\":[" + event(c, ITEM) + "]}", null, "clientId"),
                arguments("clientId not an id", body(event(c, ITEM)).replace("ann-phone\",\"events", "ann phone\",\"events"), null, "clientId"),
                arguments("events missing", "{\"clientId\":\"ann-phone\"}", null, "events"),
                arguments("events not an array", "{\"clientId\":\"ann-phone\",\"events\":{}}", null, "events"),
                arguments("events empty", "{\"clientId\":\"ann-phone\",\"events\":[]}", null, "events"),
                arguments("unknown top field", "{\"clientId\":\"ann-phone\",\"x\":1,\"events\":[" + event(c, ITEM) + "]}", null, "x"),
                arguments("userId on the batch", "{\"clientId\":\"ann-phone\",\"userId\":\"ann\",\"events\":[" + event(c, ITEM) + "]}", null, "userId"),
                // an event's common fields
                arguments("event not an object", body("7"), 0, null),
                arguments("eventId missing", body(event(c.replace("\"eventId\":\"" + ID + "\",", ""), ITEM)), 0, "eventId"),
                arguments("eventId not a UUID", body(event(c.replace(ID, "x"), ITEM)), 0, "eventId"),
                arguments("eventId repeated", body(event(c, ITEM), event(c.replace("\"clientSeq\":1", "\"clientSeq\":2"), ITEM)), 1, "eventId"),
                arguments("clientSeq 0", body(event(c.replace("\"clientSeq\":1", "\"clientSeq\":0"), ITEM)), 0, "clientSeq"),
                arguments("clientSeq as text", body(event(c.replace("\"clientSeq\":1", "\"clientSeq\":\"1\""), ITEM)), 0, "clientSeq"),
                arguments("clientSeq with a fraction", body(event(c.replace("\"clientSeq\":1", "\"clientSeq\":1.0"), ITEM)), 0, "clientSeq"),
                arguments("clientSeq above 2^53", body(event(c.replace("\"clientSeq\":1", "\"clientSeq\":9007199254740993"), ITEM)), 0, "clientSeq"),
                arguments("clientSeq not rising by one", body(event(c, ITEM), event(c.replace(ID, ID.replace('1', '2')).replace("\"clientSeq\":1", "\"clientSeq\":3"), ITEM)), 1, "clientSeq"),
                arguments("type unknown", body(event(c, "\"type\":\"ItemMoved\"")), 0, "type"),
                arguments("at missing", body(event(c.replace(",\"at\":{\"ms\":" + NOW + ",\"n\":0}", ""), ITEM)), 0, "at"),
                arguments("at not an object", body(event(c.replace("{\"ms\":" + NOW + ",\"n\":0}", "5"), ITEM)), 0, "at"),
                arguments("at.ms negative", body(event(c.replace("\"ms\":" + NOW, "\"ms\":-1"), ITEM)), 0, "at.ms"),
                arguments("at.ms too far ahead", body(event(c.replace("\"ms\":" + NOW, "\"ms\":" + (NOW + 300_001)), ITEM)), 0, "at.ms"),
                arguments("at.n negative", body(event(c.replace("\"n\":0", "\"n\":-1"), ITEM)), 0, "at.n"),
                arguments("unknown field in at", body(event(c.replace("\"n\":0", "\"n\":0,\"z\":1"), ITEM)), 0, "at.z"),
                arguments("userId on an event", body(event(c, ITEM + ",\"userId\":\"ann\"")), 0, "userId"),
                arguments("field of another type", body(event(c, ITEM + ",\"policy\":\"lww\"")), 0, "policy"),
                // each type's own fields
                arguments("title empty", body(event(c, "\"type\":\"ListRenamed\",\"title\":\"\"")), 0, "title"),
                arguments("title too long", body(event(c, "\"type\":\"ListRenamed\",\"title\":\"" + "x".repeat(501) + "\"")), 0, "title"),
                arguments("title with a control character", body(event(c, "\"type\":\"ListRenamed\",\"title\":\"a\\u0007\"")), 0, "title"),
                arguments("policy unknown", body(event(c, "\"type\":\"ListCreated\",\"title\":\"x\",\"policy\":\"first\"")), 0, "policy"),
                arguments("itemId not an id", body(event(c, ITEM.replace("\"milk\"", "\"mi lk\""))), 0, "itemId"),
                arguments("itemId too long", body(event(c, ITEM.replace("\"milk\"", "\"" + "m".repeat(65) + "\""))), 0, "itemId"),
                arguments("count 0", body(event(c, ITEM.replace("\"count\":1", "\"count\":0"))), 0, "count"),
                arguments("vclock empty", body(event(c, ITEM.replace("{\"ann-phone\":1}", "{}"))), 0, "vclock"),
                arguments("vclock key not an id", body(event(c, ITEM.replace("{\"ann-phone\":1}", "{\"a b\":1}"))), 0, "vclock"),
                arguments("vclock entry 0", body(event(c, ITEM.replace("{\"ann-phone\":1}", "{\"ann-phone\":0}"))), 0, "vclock.ann-phone"),
                arguments("note too long", body(event(c, ITEM + ",\"note\":\"" + "n".repeat(2001) + "\"")), 0, "note"),
                arguments("member not an id", body(event(c, "\"type\":\"MemberRemoved\",\"member\":\"b.b\"")), 0, "member"),
                arguments("role unknown", body(event(c, "\"type\":\"MemberAdded\",\"member\":\"bob\",\"role\":\"admin\"")), 0, "role"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void eachBrokenRuleNamesItsField(String rule, String json, Integer index, String field) {
        assertThatThrownBy(() -> reader.read("groceries", StrictJson.parse(json)))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> {
                    assertThat(e.errors()).as(rule).hasSize(1);
                    assertThat(e.errors().getFirst().index()).as(rule).isEqualTo(index);
                    assertThat(e.errors().getFirst().field()).as(rule).isEqualTo(field);
                });
    }

    @Test
    void theListIdOfThePathIsAnIdentifierToo() {
        assertThatThrownBy(() -> reader.read("a/b", StrictJson.parse(body(event(common(), ITEM)))))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("listId"));
    }

    @Test
    void moreThan500EventsAreRefusedBeforeAnyIsRead() {
        String many = body(Stream.generate(() -> "0").limit(ProtocolRules.MAX_EVENTS + 1).toArray(String[]::new));
        assertThatThrownBy(() -> reader.read("groceries", StrictJson.parse(many)))
                .isInstanceOf(TooManyEventsException.class).hasMessageContaining("501 events");
    }

    @Test
    void aValidBatchBecomesDomainEvents() {
        PushBatch batch = reader.read("groceries", StrictJson.parse(body(event(common(), ITEM))));
        assertThat(batch.clientId()).isEqualTo("ann-phone");
        assertThat(batch.events()).containsExactly(new ClientEvent(ID, 1, new Hlc(NOW, 0),
                new EventBody.ItemAdded("milk", "Milk", 1, new VClock(Map.of("ann-phone", 1L)), null)));
    }

    @Test
    void strictJsonRefusesDuplicateKeysAndTrailingContentSayingWhere() {
        assertThatThrownBy(() -> StrictJson.parse("{\"a\":1,\"a\":2}"))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> StrictJson.parse("{} {}"))
                .isInstanceOf(MalformedMessageException.class).hasMessageStartingWith("more content follows");
    }

    @Test
    void aDeviceChecksAnEditWithTheGatewaysRules() {
        ClientEvent fine = new ClientEvent(ID, 1, new Hlc(NOW, 0), new EventBody.ListCreated("Groceries", Policy.LWW));
        assertThat(ClientEventRules.check(fine, CLOCK)).isEmpty();

        ClientEvent longTitle = new ClientEvent(ID, 1, new Hlc(NOW, 0), new EventBody.ListRenamed("x".repeat(501)));
        assertThat(ClientEventRules.check(longTitle, CLOCK)).extracting(FieldError::field).containsExactly("title");

        ClientEvent badItem = new ClientEvent(ID, 1, new Hlc(NOW, 0),
                new EventBody.ItemCompleted("no spaces", 0, new VClock(Map.of("ann-phone", 1L))));
        assertThat(ClientEventRules.check(badItem, CLOCK)).extracting(FieldError::field)
                .containsExactly("itemId", "count");
    }

    @Test
    void identifiersOfEveryKindFollowOnePattern() {
        assertThat(List.of("a", "A-z_09", "x".repeat(64))).allMatch(ProtocolRules::isIdentifier)
                .allMatch(id -> id.matches(ProtocolRules.ID_PATTERN));
        assertThat(java.util.Arrays.asList("", "x".repeat(65), "a b", "é", null)).noneMatch(ProtocolRules::isIdentifier);
    }
}
