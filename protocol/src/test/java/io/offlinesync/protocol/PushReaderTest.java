package io.offlinesync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.VClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Rules at their exact edges, with a fixed server clock. */
class PushReaderTest {

    static final long NOW = 1_764_150_000_000L;
    final PushReader validator = new PushReader(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    final JsonMapper json = JsonMapper.builder().build();

    PushBatch validate(long atMs) {
        return validator.read("groceries", json.readTree("""
                {"clientId":"ann-phone","events":[{"eventId":"0b9e0000-0000-4000-8000-000000000001","clientSeq":1,
                 "type":"ListRenamed","at":{"ms":%d,"n":0},"title":"x"}]}""".formatted(atMs)));
    }

    @Test
    void eventIdsAreUuidsIn8_4_4_4_12HexFormOfEitherCase() {
        assertThat(ProtocolRules.isUuid("0b9e0000-0000-4000-8000-000000000001")).isTrue();
        assertThat(ProtocolRules.isUuid("ABCDEF01-abcd-ABCD-0123-456789abcdef")).isTrue();
        assertThat(ProtocolRules.isUuid("0b9e0000-0000-4000-8000-00000000000")).as("35 characters").isFalse();
        assertThat(ProtocolRules.isUuid("0b9e0000-0000-4000-8000-0000000000011")).as("37 characters").isFalse();
        assertThat(ProtocolRules.isUuid("0b9e0000-0000-4000-8000-00000000000g")).as("not hex").isFalse();
        assertThat(ProtocolRules.isUuid("0b9e00000-000-4000-8000-000000000001")).as("dash moved").isFalse();
        assertThat(ProtocolRules.isUuid("0b9e0000x0000-4000-8000-000000000001")).as("no dash").isFalse();
        assertThat(ProtocolRules.isUuid("0b9e0000-0000-4000-8000-00000000000\u0661")).as("a non-ASCII digit").isFalse();
        String body = "{\"clientId\":\"ann-phone\",\"events\":[{\"eventId\":\"0b9e0000-0000-4000-8000-00000000000g\","
                + "\"clientSeq\":1,\"type\":\"ListRenamed\",\"at\":{\"ms\":" + NOW + ",\"n\":0},\"title\":\"x\"}]}";
        assertThatThrownBy(() -> validator.read("groceries", json.readTree(body)))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError(0, "eventId",
                                "must be a UUID in 8-4-4-4-12 hex form, got \"0b9e0000-0000-4000-8000-00000000000g\"")));
    }

    @Test
    void atMsMayBeFiveMinutesAheadOfTheServerClockButNotOneMillisecondMore() {
        assertThat(validate(NOW + 300_000).events().getFirst().at().ms()).isEqualTo(NOW + 300_000);
        assertThat(validate(0).events()).hasSize(1);
        assertThatThrownBy(() -> validate(NOW + 300_001))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError(0, "at.ms",
                                "is 300001 ms ahead of the server clock; at most 300000 ms ahead is accepted")));
    }

    @Test
    void titlesCountCodePointsAndRefuseControlsAndLoneSurrogates() {
        assertThat(titleProblem("x".repeat(500))).isNull();
        assertThat(titleProblem("\uD83D\uDE00".repeat(500))).isNull();
        assertThat(titleProblem("Épicerie \u00A0 \u200B \uFEFF")).isNull(); // not Cc: allowed
        assertThat(titleProblem("x".repeat(501))).contains("at most 500");
        assertThat(titleProblem("")).isEqualTo("must not be empty");
        assertThat(titleProblem("a\u009Fb")).contains("U+009F");
        assertThat(titleProblem("a\uD83D")).contains("lone surrogate U+D83D");
    }

    @Test
    void identifiersAreAsciiLettersDigitsUnderscoreAndDash() {
        assertThat(ProtocolRules.isIdentifier("A-z_09")).isTrue();
        assertThat(ProtocolRules.isIdentifier("a".repeat(64))).isTrue();
        assertThat(ProtocolRules.isIdentifier("a".repeat(65))).isFalse();
        assertThat(ProtocolRules.isIdentifier("")).isFalse();
        assertThat(ProtocolRules.isIdentifier("a.b")).isFalse();
        assertThat(ProtocolRules.isIdentifier("\u0661")).isFalse(); // Arabic-Indic digit one
    }

    @Test
    void anItemAddedMayCarryANoteOfUpTo2000CodePointsOrNone() {
        String template = """
                {"clientId":"ann-phone","events":[{"eventId":"0b9e0000-0000-4000-8000-000000000001","clientSeq":1,
                 "type":"ItemAdded","at":{"ms":%d,"n":0},"itemId":"milk","title":"Milk","count":1,
                 "vclock":{"ann-phone":1}%s}]}""";
        var withNote = validator.read("groceries", json.readTree(template.formatted(NOW, ",\"note\":\"" + "n".repeat(2000) + "\"")));
        assertThat(withNote.events().getFirst().body())
                .isEqualTo(new EventBody.ItemAdded("milk", "Milk", 1, new VClock(java.util.Map.of("ann-phone", 1L)), "n".repeat(2000)));
        var nullNote = validator.read("groceries", json.readTree(template.formatted(NOW, ",\"note\":null")));
        var noNote = validator.read("groceries", json.readTree(template.formatted(NOW, "")));
        assertThat(nullNote.events()).isEqualTo(noNote.events());
        assertThat(((EventBody.ItemAdded) noNote.events().getFirst().body()).note()).isNull();
        assertThatThrownBy(() -> validator.read("groceries", json.readTree(
                template.formatted(NOW, ",\"note\":\"" + "n".repeat(2001) + "\""))))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo("note"));
    }

    private PushBatch member(String fields) {
        return validator.read("groceries", json.readTree("""
                {"clientId":"ann-phone","events":[{"eventId":"0b9e0000-0000-4000-8000-000000000001","clientSeq":1,
                 "at":{"ms":%d,"n":0},%s}]}""".formatted(NOW, fields)));
    }

    private java.util.List<FieldError> errors(String fields) {
        try {
            member(fields);
        } catch (InvalidBatchException e) {
            return e.errors();
        }
        throw new AssertionError("valid: " + fields);
    }

    @Test
    void memberEventsNameAUserAndARole() {
        assertThat(member("\"type\":\"MemberAdded\",\"member\":\"bob\",\"role\":\"editor\"").events().getFirst().body())
                .isEqualTo(new EventBody.MemberAdded("bob", Role.EDITOR));
        assertThat(member("\"type\":\"MemberAdded\",\"member\":\"" + "b".repeat(64) + "\",\"role\":\"owner\"")
                .events().getFirst().body()).isEqualTo(new EventBody.MemberAdded("b".repeat(64), Role.OWNER));
        assertThat(member("\"type\":\"MemberRemoved\",\"member\":\"bob\"").events().getFirst().body())
                .isEqualTo(new EventBody.MemberRemoved("bob"));

        assertThat(errors("\"type\":\"MemberAdded\",\"member\":\"bob\",\"role\":\"admin\"")).containsExactly(
                new FieldError(0, "role", "must be one of owner, editor, viewer, got \"admin\""));
        assertThat(errors("\"type\":\"MemberAdded\",\"member\":\"bob\"")).containsExactly(
                new FieldError(0, "role", "is required"));
        assertThat(errors("\"type\":\"MemberAdded\",\"member\":\"b.b\",\"role\":\"viewer\""))
                .extracting(FieldError::field).containsExactly("member");
        assertThat(errors("\"type\":\"MemberAdded\",\"member\":\"" + "b".repeat(65) + "\",\"role\":\"viewer\""))
                .extracting(FieldError::field).containsExactly("member");
        assertThat(errors("\"type\":\"MemberAdded\",\"member\":7,\"role\":\"viewer\""))
                .extracting(FieldError::field).containsExactly("member");
        assertThat(errors("\"type\":\"MemberRemoved\"")).containsExactly(new FieldError(0, "member", "is required"));
        assertThat(errors("\"type\":\"MemberRemoved\",\"member\":\"bob\",\"role\":\"viewer\"")).containsExactly(
                new FieldError(0, "role", "unknown field: not a field of MemberRemoved events"));
        assertThat(errors("\"type\":\"MemberAdded\",\"member\":\"bob\",\"role\":\"viewer\",\"itemId\":\"x\""))
                .extracting(FieldError::field).containsExactly("itemId");
    }

    @Test
    void anEventMustNotCarryAUserIdWhateverItsType() {
        String refused = "must not be sent: the server sets every entry's userId from the signed-in user";
        assertThat(errors("\"type\":\"MemberRemoved\",\"member\":\"bob\",\"userId\":\"bob\""))
                .containsExactly(new FieldError(0, "userId", refused));
        assertThat(errors("\"type\":\"ListRenamed\",\"title\":\"x\",\"userId\":null"))
                .containsExactly(new FieldError(0, "userId", refused));
        assertThat(errors("\"type\":\"NoSuchType\",\"userId\":\"ann\"")).extracting(FieldError::field)
                .containsExactly("type", "userId");
        assertThatThrownBy(() -> validator.read("groceries", json.readTree("""
                {"clientId":"ann-phone","userId":"ann","events":[{"eventId":"0b9e0000-0000-4000-8000-000000000001",
                 "clientSeq":1,"type":"ListRenamed","at":{"ms":%d,"n":0},"title":"x"}]}""".formatted(NOW))))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError(null, "userId", "must not be sent: the server stamps the signed-in user on the batch")));
    }

    private static String titleProblem(String title) {
        return ProtocolRules.titleProblem(title);
    }
}
