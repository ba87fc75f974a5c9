package io.offlinesync.query.web;

import io.offlinesync.access.Callers;
import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.access.membership.MembershipView;
import jakarta.servlet.http.HttpServletRequest;
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
}
