package io.offlinesync.query.web;

import io.offlinesync.access.Callers;
import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.LogEntryJson;
import io.offlinesync.query.cluster.NotFound;
import io.offlinesync.query.stream.StreamAccess;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may read a list: its members (any role), and operators (they inspect every list). For anyone else the
 * list does not exist: each read throws the very 404 it throws for an unknown list, so an answer never tells
 * a non-member that a list exists. Checked on every instance a read passes, from the membership view.
 */
@Component
class ListReaders {

    private final MembershipView members;
    private final Callers callers;

    ListReaders(MembershipView members, Callers callers) {
        this.members = members;
        this.callers = callers;
    }

    /** Returns quietly when the caller may read {@code listId}; else throws {@code unknown}, the read's own 404. */
    void require(HttpServletRequest request, String listId, java.util.function.Supplier<NotFound> unknown) {
        if (callers.isOperator(request.getUserPrincipal())) {
            return;
        }
        String userId = callers.userId(request.getUserPrincipal());
        Optional<ListAccess> access = members.of(listId);
        if (userId == null || access.isEmpty() || access.get().roleOf(userId) == null) {
            throw unknown.get();
        }
    }

    /**
     * For a long-poll of {@code waitMs}: waits, within that time, for the caller to be a member, as a long-poll of
     * an unknown list waits for its log (a device that has just created the list reads before the view has it).
     * A caller who does not become a member waits the whole time and gets the read's 404, just as for a list that
     * does not exist. Returns the milliseconds of the wait that are left.
     */
    long requireWithin(HttpServletRequest request, String listId, long waitMs,
                       java.util.function.Supplier<NotFound> unknown) throws InterruptedException {
        if (waitMs <= 0 || callers.isOperator(request.getUserPrincipal())) {
            require(request, listId, unknown);
            return waitMs;
        }
        long start = System.nanoTime();
        String userId = callers.userId(request.getUserPrincipal());
        if (userId == null || !members.awaitMember(listId, userId, java.time.Duration.ofMillis(waitMs))) {
            throw unknown.get();
        }
        long left = waitMs - (System.nanoTime() - start) / 1_000_000L;
        return Math.max(1, left);
    }

    /** The same rule for a live stream's caller, asked again as the stream's lists move. */
    StreamAccess streamAccess(HttpServletRequest request) {
        if (callers.isOperator(request.getUserPrincipal())) {
            return new StreamAccess() {
                @Override
                public boolean mayRead(String listId) { // every list that exists: a stream of one that does not ends
                    return members.of(listId).isPresent();
                }

                @Override
                public boolean removesCaller(byte[] entryJson) {
                    return false;
                }
            };
        }
        String userId = callers.userId(request.getUserPrincipal());
        return new StreamAccess() {
            @Override
            public boolean mayRead(String listId) {
                Optional<ListAccess> access = members.of(listId);
                return userId != null && access.isPresent() && access.get().roleOf(userId) != null;
            }

            @Override
            public boolean removesCaller(byte[] entryJson) {
                String json = new String(entryJson, StandardCharsets.UTF_8);
                if (!json.contains("\"MemberRemoved\"")) {
                    return false; // most entries: no need to decode
                }
                return LogEntryJson.read(json) instanceof LogEntry.Accepted a
                        && a.event().body() instanceof EventBody.MemberRemoved removed
                        && removed.member().equals(userId);
            }
        };
    }
}
