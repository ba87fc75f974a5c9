package io.offlinesync.access.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A membership view set by hand: for tests of a service's web layer without a broker, and for embedding
 * the services where memberships come from elsewhere. Always caught up.
 */
public final class InMemoryMembershipView implements MembershipView {

    private final ViewChanges changes = new ViewChanges();
    private final Map<String, ListAccess> byList = new ConcurrentSkipListMap<>();

    /** Sets (or with null removes) a list's access. */
    public InMemoryMembershipView put(String listId, ListAccess access) {
        if (access == null) {
            byList.remove(listId);
        } else {
            byList.put(listId, access);
        }
        changes.signal();
        return this;
    }

    public void clear() {
        byList.clear();
    }

    @Override
    public Optional<ListAccess> of(String listId) {
        return Optional.ofNullable(byList.get(listId));
    }

    @Override
    public List<Membership> listsOf(String userId, String afterListId, int limit) {
        List<Membership> page = new ArrayList<>();
        for (Map.Entry<String, ListAccess> list : byList.entrySet()) {
            String role = list.getValue().roleOf(userId);
            if (role != null && (afterListId == null || list.getKey().compareTo(afterListId) > 0) && page.size() < limit) {
                page.add(new Membership(list.getKey(), role));
            }
        }
        return page;
    }

    @Override
    public boolean awaitMember(String listId, String userId, java.time.Duration within) throws InterruptedException {
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
