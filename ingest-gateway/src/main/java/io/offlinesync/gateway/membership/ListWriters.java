package io.offlinesync.gateway.membership;

import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.gateway.web.ProblemException;
import io.offlinesync.protocol.ProblemTypes;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The gateway's early refusal: 403, nothing written, when its membership view already shows that the push
 * cannot get anything in: the clientId belongs to another user on this list, or the user may write nothing
 * there (not a member, or a viewer). It decides nothing else: a list it does not know may be a new one (anyone
 * may create a list) or one its view has not seen yet, and which event an editor may write is the sequencer's
 * call, in log order. A list whose members are empty (made before membership, not claimed yet) is let through: its
 * first signed-in writer becomes its owner. A view that lags only makes a refusal late: the sequencer refuses what slips through.
 */
@Component
public class ListWriters {

    private final MembershipView members;

    public ListWriters(MembershipView members) {
        this.members = members;
    }

    /** Throws a 403 problem when the view shows that {@code userId} cannot write to {@code listId} as {@code clientId}. */
    public void require(String listId, String clientId, String userId) {
        Optional<ListAccess> known = members.of(listId);
        if (known.isEmpty()) {
            return;
        }
        ListAccess access = known.get();
        if (access.foreignOwner(clientId, userId) != null) {
            throw forbidden("clientId " + clientId + " belongs to another user on list " + listId
                    + ": a device pushes under its own clientId; nothing was written");
        }
        if (!access.mayWrite(userId)) {
            String role = access.roleOf(userId);
            throw forbidden("user " + userId + (role == null ? " is not a member of list " + listId
                    : " is a " + role + " of list " + listId) + " and may not write to it; nothing was written");
        }
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail, false);
    }
}
