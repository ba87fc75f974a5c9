package io.offlinesync.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Lays a service's described operations (a YAML document on the classpath, plus the shared components of
 * {@value #PROTOCOL_COMPONENTS}) over what springdoc scanned from the controllers. The controllers read
 * their parameters and bodies themselves (strict parsing, problem+json naming the field), so the scan only
 * knows paths and methods; the description supplies parameters with their ranges, bodies and every status.
 *
 * <p>A described operation that no controller maps is an error (the description must not promise an
 * endpoint that is not there); a scanned operation that is not described is left as springdoc made it.
 */
public final class ApiDescription implements OpenApiCustomizer {

    public static final String PROTOCOL_COMPONENTS = "io/offlinesync/openapi/protocol-v1.yaml";

    private static final Pattern SCHEMA_REF = Pattern.compile("#/components/schemas/([^\"/]+)\"");

    private final String resource;
    private final OpenAPI described;

    /** {@code resource}: the service's description, a classpath resource such as {@code openapi/query-api.yaml}. */
    public ApiDescription(String resource) {
        this.resource = resource;
        this.described = load(PROTOCOL_COMPONENTS);
        OpenAPI service = load(resource);
        described.info(service.getInfo()).tags(service.getTags()).paths(service.getPaths());
        merge(service.getComponents(), described.getComponents());
    }

    @Override
    public void customise(OpenAPI scanned) {
        scanned.info(described.getInfo());
        scanned.tags(described.getTags());
        Paths paths = scanned.getPaths() == null ? new Paths() : scanned.getPaths();
        scanned.paths(paths);
        described.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            PathItem target = paths.get(path);
            if (target == null || target.readOperationsMap().get(method) == null) {
                throw new IllegalStateException(resource + " describes " + method + " " + path
                        + " but no controller maps it");
            }
            target.operation(method, operation);
        }));
        Components components = scanned.getComponents() == null ? new Components() : scanned.getComponents();
        scanned.components(components);
        merge(described.getComponents(), components);
        keepReferencedSchemas(scanned);
    }

    /** Copies every component of {@code from} into {@code to}; those of {@code from} win. */
    private static void merge(Components from, Components to) {
        if (from == null) {
            return;
        }
        if (from.getSchemas() != null) {
            from.getSchemas().forEach(to::addSchemas);
        }
        if (from.getParameters() != null) {
            from.getParameters().forEach(to::addParameters);
        }
        if (from.getHeaders() != null) {
            from.getHeaders().forEach(to::addHeaders);
        }
        if (from.getResponses() != null) {
            from.getResponses().forEach(to::addResponses);
        }
    }

    /**
     * Drops the schemas springdoc made for the controllers' return types that no operation uses any more,
     * and fails when a reference points at no schema (a typo in a description).
     */
    private void keepReferencedSchemas(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Components withoutSchemas = new Components().parameters(api.getComponents().getParameters())
                .headers(api.getComponents().getHeaders()).responses(api.getComponents().getResponses());
        Deque<String> pending = new ArrayDeque<>(references(api.getPaths()));
        pending.addAll(references(withoutSchemas));
        Set<String> kept = new HashSet<>();
        Set<String> missing = new TreeSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!kept.add(name)) {
                continue;
            }
            Schema<?> schema = schemas.get(name);
            if (schema == null) {
                missing.add(name);
            } else {
                pending.addAll(references(schema));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(resource + ": references to undefined schemas " + missing);
        }
        schemas.keySet().retainAll(kept);
    }

    private static Set<String> references(Object part) {
        String json;
        try {
            json = Json31.mapper().writeValueAsString(part);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize part of the OpenAPI description", e);
        }
        Set<String> names = new HashSet<>();
        Matcher m = SCHEMA_REF.matcher(json);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static OpenAPI load(String resource) {
        try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no OpenAPI description on the classpath at " + resource);
            }
            OpenAPI api = Yaml31.mapper().readValue(in, OpenAPI.class);
            if (api.getComponents() == null) {
                api.components(new Components());
            }
            if (api.getPaths() == null) {
                api.paths(new Paths());
            }
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI description " + resource, e);
        }
    }
}
