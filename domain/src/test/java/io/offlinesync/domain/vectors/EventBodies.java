package io.offlinesync.domain.vectors;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.VClock;
import java.util.Map;
import java.util.TreeMap;

/** Event bodies for hand-written logs, short to read in a script of events (domain's vectors, the archive example's). */
public final class EventBodies {

    private EventBodies() {
    }


    public static VClock vc(Object... clientAndCount) {
        Map<String, Long> entries = new TreeMap<>();
        for (int i = 0; i < clientAndCount.length; i += 2) {
            entries.put((String) clientAndCount[i], ((Number) clientAndCount[i + 1]).longValue());
        }
        return new VClock(entries);
    }

    public static EventBody created(String title, Policy policy) {
        return new EventBody.ListCreated(title, policy);
    }

    public static EventBody add(String itemId, String title, long count, VClock clock) {
        return new EventBody.ItemAdded(itemId, title, count, clock);
    }

    public static EventBody rename(String itemId, String title, long count, VClock clock) {
        return new EventBody.ItemRenamed(itemId, title, count, clock);
    }

    public static EventBody complete(String itemId, long count, VClock clock) {
        return new EventBody.ItemCompleted(itemId, count, clock);
    }

    public static EventBody reopen(String itemId, long count, VClock clock) {
        return new EventBody.ItemReopened(itemId, count, clock);
    }

    public static EventBody delete(String itemId, long count, VClock clock) {
        return new EventBody.ItemDeleted(itemId, count, clock);
    }

    public static EventBody member(String user, Role role) {
        return new EventBody.MemberAdded(user, role);
    }

    public static EventBody removed(String user) {
        return new EventBody.MemberRemoved(user);
    }

    public static EventBody renamedList(String title) {
        return new EventBody.ListRenamed(title);
    }
}
