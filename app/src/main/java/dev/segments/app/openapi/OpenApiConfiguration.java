package dev.segments.app.openapi;

import dev.segments.app.security.AccessRules;
import dev.segments.app.web.ErrorBody;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The served OpenAPI document is the API's contract: its operations and schemas come from the typed
 * controllers; this adds what they cannot say themselves. Every tenant operation names the scopes that allow
 * it, read from {@link AccessRules} (the table the security filter chain enforces), and documents the error
 * bodies: 401 in the gateway's fault format, every other error in the API's error format.
 */
@Configuration
class OpenApiConfiguration {

    static {
        // the caller's token is a handler argument, not a parameter of the API
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Jwt.class);
    }

    static final String BEARER = "bearerAuth";
    static final String OAUTH2 = "OAuth2";
    private static final String ERROR = "Error";
    private static final String FAULT = "Fault";
    private static final String LOCALIZED_TEXT = "LocalizedText";
    /** Jackson's tree type, as the generator names it: in a request record, any JSON value. */
    private static final String JSON_NODE = "JsonNode";
    private static final String JSON_NODE_REF = "#/components/schemas/" + JSON_NODE;
    private static final Map<String, String> SCOPES = Map.of(
            AccessRules.MANAGE, "Create, change and delete segments and their assignments.",
            AccessRules.READ, "Read all segments and assignments of the tenant.",
            AccessRules.READ_OWN, "Read the active segments the customer (the token's subject) belongs to.",
            AccessRules.REFERENCE_MANAGE, "Feed the reference data replica.",
            AccessRules.AUDIT_READ, "Read the audit history of the tenant's segments.");

    @Bean
    OpenAPI customerSegmentApi(@Value("${segments.openapi.version}") String version,
                               @Value("${segments.openapi.token-url}") String tokenUrl) {
        Scopes scopes = new Scopes();
        SCOPES.forEach(scopes::addString);
        return new OpenAPI()
                .info(new Info().title("Customer Segment Service").version(version)
                        .description("Segments of customers, with the products and categories attached to them. "
                                + "Every call needs a JWT bearer token whose tenant claim is the path's tenant and "
                                + "whose scopes allow the operation."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("A JWT with claims tenant, scope (space-separated) and exp."))
                        .addSecuritySchemes(OAUTH2, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                                .description("Where tokens with these scopes come from.")
                                .flows(new OAuthFlows().clientCredentials(new OAuthFlow().tokenUrl(tokenUrl)
                                        .scopes(scopes)))));
    }

    /** Scopes, error responses and the two forms of a localized text, on top of what the controllers say. */
    @Bean
    OpenApiCustomizer contractDetails() {
        return openApi -> {
            Components components = openApi.getComponents();
            if (components.getSchemas() != null && components.getSchemas().containsKey(LOCALIZED_TEXT)) {
                components.getSchemas().put(LOCALIZED_TEXT, localizedText());
            }
            components.addSchemas(ERROR, ModelConverters.getInstance()
                    .resolveAsResolvedSchema(new AnnotatedType(ErrorBody.class)).schema);
            components.addSchemas(FAULT, fault());
            components.getSchemas().values().forEach(OpenApiConfiguration::freeForm);
            components.getSchemas().remove(JSON_NODE);
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                AccessRules.scopesFor(HttpMethod.valueOf(method.name()), path).ifPresent(scopes ->
                        secure(operation, scopes));
                ApiResponse noContent = operation.getResponses().get("204");
                if (noContent != null) {
                    // the controller's return type is the 201's body; a 204 has none
                    noContent.setContent(null);
                }
            }));
        };
    }

    private static void secure(Operation operation, List<String> scopes) {
        operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER),
                new SecurityRequirement().addList(OAUTH2, scopes)));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.addApiResponse("401", new ApiResponse().description("No token, or a token that is expired or "
                + "not valid; WWW-Authenticate says why.").content(json(FAULT)));
        responses.addApiResponse("403", new ApiResponse().description("The token is for another tenant, or lacks "
                + "the scope: one of " + String.join(", ", scopes) + ".").content(json(ERROR)));
        responses.addApiResponse("default", new ApiResponse().description("Any other error (400 bad input, 404, "
                + "409 conflict, 413, 415, 503 database unavailable: retry later).").content(json(ERROR)));
        operation.setResponses(responses);
    }

    /**
     * Free-form JSON ({@code Map<String, Object>} mixins, a patch's {@code value}) is any JSON value; the
     * generator renders {@code Object} as "an object", which a string or number inside mixins would break.
     */
    private static void freeForm(Schema<?> schema) {
        if (schema.getProperties() != null) {
            schema.getProperties().replaceAll((name, property) -> anyIfBareObject(property));
            schema.getProperties().values().forEach(OpenApiConfiguration::freeForm);
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            schema.setAdditionalProperties(anyIfBareObject(values));
        }
        if (schema.getItems() != null) {
            freeForm(schema.getItems());
        }
    }

    private static Schema<?> anyIfBareObject(Schema<?> schema) {
        boolean bare = "object".equals(schema.getType()) && schema.get$ref() == null && schema.getProperties() == null
                && schema.getAdditionalProperties() == null || JSON_NODE_REF.equals(schema.get$ref());
        return bare ? new Schema<>().description(schema.getDescription()) : schema;
    }

    private static Content json(String schema) {
        return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema)));
    }

    private static Schema<?> localizedText() {
        return new ComposedSchema().description("Language to text, or a plain text in the request's "
                        + "Content-Language.")
                .oneOf(List.of(new MapSchema().additionalProperties(new StringSchema()), new StringSchema()));
    }

    private static Schema<?> fault() {
        Schema<?> detail = new ObjectSchema().addProperty("errorcode", new StringSchema()
                .example("oauth.v2.InvalidAccessToken"));
        Schema<?> fault = new ObjectSchema().addProperty("faultstring", new StringSchema()
                .example("Invalid access token")).addProperty("detail", detail);
        return new ObjectSchema().description("The gateway's 401 body.").addProperty("fault", fault);
    }
}
