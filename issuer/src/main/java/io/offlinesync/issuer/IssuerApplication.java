package io.offlinesync.issuer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The platform's development OpenID Connect issuer (port 8084): development users on demand, two public
 * clients, RS256 access tokens for the services to verify like any other issuer's.
 *
 * <p>DEVELOPMENT ONLY: anyone may sign in as any user name with that name as the password, and gets the
 * operator scope {@code sync:admin} by asking for it. It exists so that the local stack, docker-compose
 * and the tests run against a real issuer; a deployment uses the app's own issuer instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IssuerApplication {

    public static void main(String[] args) {
        app().run(args);
    }

    /** The application, reading {@code issuer.yml} (each service of the platform reads a file named after it). */
    public static SpringApplicationBuilder app() {
        return new SpringApplicationBuilder(IssuerApplication.class).properties("spring.config.name=issuer");
    }
}
