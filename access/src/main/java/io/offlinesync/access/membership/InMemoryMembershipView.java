package io.offlinesync.access.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every list's access held in memory, indexed by list and by user: what {@link KafkaMembershipView} fills from
 * {@code todo.members}, and, set by hand, the view of a service's web-layer tests or of an embedding that gets
 * memberships elsewhere. Always caught up.
 */
public final class InMemoryMembershipView implements MembershipView {

    private final ViewChanges changes = new ViewChanges();
    private final Map<String, ListAccess> byList = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<String, String>> byUser = new ConcurrentHashMap<>();

    /** Sets (or with null removes) a list's access. One writer at a time (the view's reader, or a test). */
    public synchronized InMemoryMembershipView put(String listId, ListAccess access) {
        ListAccess before = access == null ? byList.remove(listId) : byList.put(listId, access);
        if (before != null) {
            for (String user : before.members().keySet()) {
                if (access == null || access.roleOf(user) == null) {
                    byUser.computeIfPresent(user, (u, lists) -> {
                        lists.remove(listId);
                        return lists.isEmpty() ? null : lists;
                    });
                }
            }
        }
        if (access != null) {
            access.members().forEach((user, role) ->
                    byUser.computeIfAbsent(user, u -> new ConcurrentSkipListMap<>()).put(listId, role));
        }
        changes.signal();
        return this;
    }

    public synchronized void clear() {
        byList.clear();
        byUser.clear();
        changes.signal();
    }

    @Override
    public Optional<ListAccess> of(String listId) {
        return Optional.ofNullable(byList.get(listId));
    }

    @Override
    public List<Membership> listsOf(String userId, String afterListId, int limit) {
        NavigableMap<String, String> lists = byUser.get(userId);
        if (lists == null) {
            return List.of();
        }
        NavigableMap<String, String> tail = afterListId == null ? lists : lists.tailMap(afterListId, false);
        List<Membership> page = new ArrayList<>(Math.min(limit, tail.size()));
        for (Map.Entry<String, String> list : tail.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(new Membership(list.getKey(), list.getValue()));
        }
        return page;
    }

    @Override
    public boolean awaitMember(String listId, String userId, Duration within) throws InterruptedException {
        return changes.await(() -> of(listId).map(access -> access.roleOf(userId) != null).orElse(false),
                System.nanoTime() + within.toNanos());
    }

    @Override
    public boolean caughtUp() {
        return true;
    }

    @Override
    public int lists() {
        return byList.size();
    }
}
