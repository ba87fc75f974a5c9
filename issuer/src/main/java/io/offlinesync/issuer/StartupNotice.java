package io.offlinesync.issuer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Component;

/** Says loudly, once started, what this issuer is: a development issuer anyone can sign in to as anyone. */
@Component
class StartupNotice {

    private static final Logger log = LoggerFactory.getLogger(StartupNotice.class);

    private final AuthorizationServerSettings settings;
    private final IssuerProperties properties;

    StartupNotice(AuthorizationServerSettings settings, IssuerProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        log.warn("DEVELOPMENT ISSUER: any user name matching {} signs in with itself as the password, and gets the"
                + " operator scope {} by asking for it. Never expose it beyond a development machine.",
                DevelopmentUsers.NAME.pattern(), Scopes.SYNC_ADMIN);
        log.info("Issuer {} ready: discovery {}/.well-known/openid-configuration, audience {}, access tokens valid {}",
                settings.getIssuer(), settings.getIssuer(), properties.audience(), properties.tokenTtl());
    }
}
