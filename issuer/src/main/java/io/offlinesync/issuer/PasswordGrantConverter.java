package io.offlinesync.issuer;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a password grant from a token request ({@code grant_type=password}, {@code username},
 * {@code password}, optional {@code scope}); other grant types are left to the converters after it. The
 * client was authenticated before, by the client authentication filter ({@link PublicClientConverter}).
 */
public final class PasswordGrantConverter implements AuthenticationConverter {

    /** RFC 6749 4.3.2 (Spring Security 7 dropped these names with the grant). */
    static final String USERNAME = "username";
    static final String PASSWORD = "password";

    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.3.2";

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!PasswordGrant.TYPE.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
            return null;
        }
        Authentication client = SecurityContextHolder.getContext().getAuthentication();
        if (client == null) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        String username = single(request, USERNAME, true);
        String password = single(request, PASSWORD, true);
        String scope = single(request, OAuth2ParameterNames.SCOPE, false);
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            scopes.addAll(Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).toList());
        }
        Map<String, Object> additional = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!Set.of(OAuth2ParameterNames.GRANT_TYPE, OAuth2ParameterNames.CLIENT_ID, USERNAME,
                    PASSWORD, OAuth2ParameterNames.SCOPE).contains(name)) {
                additional.put(name, values.length == 1 ? values[0] : values);
            }
        });
        return new PasswordGrantToken(client, username, password, scopes, additional);
    }

    /** A parameter given at most once (RFC 6749 3.1), and given when required; else invalid_request naming it. */
    private static String single(HttpServletRequest request, String name, boolean required) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0) {
            if (required) {
                throw invalidRequest("the password grant needs the parameter " + name);
            }
            return null;
        }
        if (values.length > 1) {
            throw invalidRequest("the parameter " + name + " is given more than once");
        }
        return values[0];
    }

    private static OAuth2AuthenticationException invalidRequest(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, ERROR_URI));
    }
}
