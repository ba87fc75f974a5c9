package io.offlinesync.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.ObjectSchema;
import org.junit.jupiter.api.Test;

/** How a description is laid over springdoc's scan (here a hand-made scan of the same shape). */
class ApiDescriptionTest {

    /** What springdoc makes of a controller method: the path, the method, a schema of its return type. */
    private static OpenAPI scanned(String path) {
        return new OpenAPI()
                .paths(new Paths().addPathItem(path, new PathItem().get(new Operation().operationId("state"))))
                .components(new Components().addSchemas("ListStateView", new ObjectSchema()));
    }

    @Test
    void theDescribedOperationReplacesTheScannedOneWithTheSharedComponentsItUses() {
        OpenAPI api = scanned("/v1/lists/{listId}");
        new ApiDescription("openapi/sample-service.yaml").customise(api);

        Operation get = api.getPaths().get("/v1/lists/{listId}").getGet();
        assertThat(get.getOperationId()).isEqualTo("read");
        assertThat(get.getResponses()).containsOnlyKeys("200", "400");
        assertThat(get.getParameters()).singleElement().extracting(p -> p.get$ref())
                .isEqualTo("#/components/parameters/ListId");
        assertThat(api.getComponents().getParameters()).containsKey("ListId");
        // used directly or through another schema: kept; the scan's own return type, now unused: dropped;
        // shared but unused here (the events): dropped
        assertThat(api.getComponents().getSchemas()).containsOnlyKeys("Sample", "Id", "Problem", "FieldError");
        assertThat(api.getInfo().getTitle()).isEqualTo("sample");
    }

    @Test
    void describingAnOperationNoControllerMapsIsAnError() {
        OpenAPI api = scanned("/v1/other/{listId}");
        assertThatThrownBy(() -> new ApiDescription("openapi/sample-service.yaml").customise(api))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("describes GET /v1/lists/{listId} but no controller maps it");
    }

    @Test
    void aReferenceToAnUndefinedSchemaIsAnError() {
        OpenAPI api = scanned("/v1/lists/{listId}");
        assertThatThrownBy(() -> new ApiDescription("openapi/dangling-ref.yaml").customise(api))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("undefined schemas [Missing]");
    }
}
