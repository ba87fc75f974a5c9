package io.offlinesync.gateway.openapi;

import io.offlinesync.openapi.ApiDescription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's OpenAPI description ({@code openapi/ingest-gateway.yaml}), served at {@code /v3/api-docs}
 * and browsable at {@code /swagger-ui.html}.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayApiDescription {

    public static final String RESOURCE = "openapi/ingest-gateway.yaml";

    @Bean
    ApiDescription apiDescription() {
        return new ApiDescription(RESOURCE);
    }
}
