package io.offlinesync.query.openapi;

import io.offlinesync.openapi.ApiDescription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query-api's OpenAPI description ({@code openapi/query-api.yaml}): the reads of PROTOCOL.md, their
 * extensions and {@code /admin/projections}; served at {@code /v3/api-docs}, browsable at {@code /swagger-ui.html}.
 */
@Configuration(proxyBeanMethods = false)
public class QueryApiDescription {

    public static final String RESOURCE = "openapi/query-api.yaml";

    @Bean
    ApiDescription apiDescription() {
        return new ApiDescription(RESOURCE);
    }
}
