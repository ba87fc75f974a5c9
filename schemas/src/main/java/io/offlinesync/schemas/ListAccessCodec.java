package io.offlinesync.schemas;

import io.offlinesync.domain.Role;
import io.offlinesync.schemas.avro.ListAccess;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Members as the Avro records keep them (user id -> role name: {@code ListAccess.members} of {@code todo.members},
 * {@code ListState.members}, {@code SequenceState.members}) and as the domain uses them (user id -> {@link Role}).
 *
 * <p>Reading {@code todo.members} (a compacted topic, key listId, value {@link ListAccess}, serde
 * {@code ValueSerdes.forType(ListAccess.class)} like every other value): the latest record of a list is its
 * membership as of the sequencer's last change of it. {@link #roles(Map)} of its {@code members} gives each member's
 * role; {@code clients} maps a clientId to the user it belongs to on the list. An empty {@code members} is a list
 * created without a user (before membership) that nobody has claimed yet: the first user whose entry on it is
 * accepted becomes its owner. A list with no record at all is unknown to membership: it does not exist, or it was
 * created before membership and not written since (the sequencer writes its record at its next change).
 */
public final class ListAccessCodec {

    private ListAccessCodec() {
    }

    /** The record of a list's members and client owners. */
    public static ListAccess toAvro(Map<String, Role> members, Map<String, String> clients) {
        return new ListAccess(roleNames(members), new TreeMap<>(clients));
    }

    /** user id -> role name, by user id. */
    public static Map<String, String> roleNames(Map<String, Role> members) {
        Map<String, String> names = new TreeMap<>();
        members.forEach((user, role) -> names.put(user, role.wireName()));
        return names;
    }

    /**
     * user id -> role, by user id. A role name this version does not know (a newer writer's) reads as
     * {@link Role#VIEWER}, the role that writes nothing, as the Avro enum of the events defaults.
     */
    public static Map<String, Role> roles(Map<String, String> names) {
        if (names == null || names.isEmpty()) {
            return Map.of();
        }
        Map<String, Role> roles = new TreeMap<>();
        names.forEach((user, name) -> roles.put(user, Role.fromWireName(name).orElse(Role.VIEWER)));
        return Collections.unmodifiableMap(roles);
    }
}
