package io.offlinesync.issuer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * DEVELOPMENT ONLY: the users of this issuer exist on demand. Any name matching {@link #NAME} (the
 * platform's id pattern, so a name is also a valid user id for the services) is a user, and its password
 * is the name itself. There are no other users and nothing is stored.
 *
 * <p>As an {@link AuthenticationProvider} bean it signs in the login form, and Spring Boot creates no
 * other user (no generated password); the password grant asks it too.
 */
@Component
public class DevelopmentUsers implements AuthenticationProvider {

    /** A development user's name: the id pattern of PROTOCOL.md. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final SimpleGrantedAuthority USER = new SimpleGrantedAuthority("ROLE_USER");

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String name = authentication.getName();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadCredentialsException("no such user: development users have names matching " + NAME.pattern());
        }
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? "" : credentials.toString();
        if (!MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), name.getBytes(StandardCharsets.UTF_8))) {
            throw new BadCredentialsException("wrong password: a development user's password is its name");
        }
        // the password factor with its time, as Spring's own providers add it: an ID token's auth_time is read from it
        List<GrantedAuthority> authorities = List.of(USER,
                FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(Instant.now()).build());
        return UsernamePasswordAuthenticationToken.authenticated(name, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
