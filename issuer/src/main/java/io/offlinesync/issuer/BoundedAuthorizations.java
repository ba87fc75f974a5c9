package io.offlinesync.issuer;

import java.util.Iterator;
import java.util.LinkedHashSet;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Spring's in-memory authorizations (refresh tokens, codes in flight), at most {@code max} of them: beyond
 * that the oldest is forgotten. Spring's store keeps every completed authorization for ever, and a test
 * run that mints a token per request would fill a small heap. Forgetting one only spends its refresh
 * token early (the client signs in again); access tokens are self-contained JWTs and stay valid.
 */
public final class BoundedAuthorizations implements OAuth2AuthorizationService {

    private final InMemoryOAuth2AuthorizationService delegate = new InMemoryOAuth2AuthorizationService();
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();
    private final int max;

    public BoundedAuthorizations(int max) {
        this.max = max;
    }

    @Override
    public synchronized void save(OAuth2Authorization authorization) {
        delegate.save(authorization);
        ids.add(authorization.getId());
        Iterator<String> oldest = ids.iterator();
        while (ids.size() > max) {
            OAuth2Authorization evicted = delegate.findById(oldest.next());
            oldest.remove();
            if (evicted != null) {
                delegate.remove(evicted);
            }
        }
    }

    @Override
    public synchronized void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
        ids.remove(authorization.getId());
    }

    @Override
    public synchronized OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public synchronized OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return delegate.findByToken(token, tokenType);
    }

    /** How many authorizations are kept now. */
    public synchronized int size() {
        return ids.size();
    }
}
