package io.offlinesync.issuer;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Client authentication of a public client (only a {@code client_id}, no secret) for the password, refresh
 * token and device code grants, and at the device authorization endpoint. Spring Authorization Server
 * accepts a public client only on a PKCE code exchange (its {@code PublicClientAuthenticationConverter}),
 * so without this a public client could never use the password grant, refresh, nor sign a device in.
 * Requests carrying any credentials (a secret, a client assertion, an Authorization header) are left to
 * Spring's converters.
 */
public final class PublicClientConverter implements AuthenticationConverter {

    /** The grant types a public client may use without PKCE here. */
    static final Set<String> GRANT_TYPES = Set.of(PasswordGrant.TYPE.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue(),
            AuthorizationGrantType.DEVICE_CODE.getValue());

    private final RequestMatcher deviceAuthorization;

    /** @param deviceAuthorizationEndpoint the path of the device authorization endpoint (RFC 8628 3.1) */
    public PublicClientConverter(String deviceAuthorizationEndpoint) {
        this.deviceAuthorization = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, deviceAuthorizationEndpoint);
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
        if (grantType == null && deviceAuthorization.matches(request)) {
            // a device asking for a user code starts a device code grant
            grantType = AuthorizationGrantType.DEVICE_CODE.getValue();
        }
        if (!"POST".equals(request.getMethod()) || grantType == null || !GRANT_TYPES.contains(grantType)
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
            return null;
        }
        String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
        if (clientIds == null) {
            return null; // no client at all: the token endpoint answers invalid_client
        }
        if (clientIds.length != 1 || clientIds[0].isBlank()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                    "client_id must be given once", null));
        }
        return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
                Map.of(OAuth2ParameterNames.GRANT_TYPE, grantType));
    }
}
