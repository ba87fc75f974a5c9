package io.offlinesync.bench.open;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * For {@code bench/run.sh auth} only, never part of a service: requests carrying {@code X-Bench-Open: 1} skip the
 * token check and run as the user {@code bench}, so the same services, in the same run, answer the same requests
 * with and without authentication (everything after it, membership included, is the same). It reaches a service
 * only when the local stack is started with {@code SERVICE_LOADER_PATH} naming the bench's classes and
 * {@code SYNC_BENCH_OPEN=true}; the services' own jars do not contain it.
 */
@AutoConfiguration
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnProperty(name = "sync.bench.open", havingValue = "true")
public class OpenForBenchmark {

    static final String HEADER = "X-Bench-Open";
    static final String USER = "bench";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain benchOpenChain(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> "1".equals(request.getHeader(HEADER)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                                    FilterChain chain) throws ServletException, IOException {
                        SecurityContextHolder.getContext().setAuthentication(
                                UsernamePasswordAuthenticationToken.authenticated(USER, null, List.of()));
                        chain.doFilter(request, response);
                    }
                }, AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers("/v1/**").permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }
}
