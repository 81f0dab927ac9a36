package com.salesbooking.api.openapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.error.Problem;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.0.3 document at {@code /v3/api-docs}. The controllers return pre-serialized JSON (idempotent replays
 * must be byte for byte) and read raw strings (so every validation failure names its field), so springdoc cannot
 * infer every wire shape: {@link ApiContract} names, per operation, the records of the request and success bodies,
 * and every problem code with its status. The schemas are derived from those records (snake_case, as the api's JSON
 * naming writes them); nothing here restates a field.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";
    /** The vendor extension listing a response's problem codes, for clients and the contract test. */
    static final String PROBLEM_CODES = "x-problem-codes";

    static final String ADMIN_KEY = "adminApiKey";
    static final String OPERATOR_KEY = "operatorKey";

    @Bean
    OpenAPI bookingOpenApi() {
        Components components = new Components();
        components.addSecuritySchemes(
                ADMIN_KEY,
                new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-Admin-Api-Key")
                        .description("A tenant admin's API key (stored hashed, scoped to the tenant in X-Tenant-Id)"));
        components.addSecuritySchemes(
                OPERATOR_KEY,
                new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-Operator-Key")
                        .description("The platform operator's key (OPERATOR_API_KEYS)"));
        return new OpenAPI()
                .info(new Info()
                        .title("Sales-meeting booking API")
                        .version("v1")
                        .license(new License().name("Proprietary").url("https://docs.salesbooking.example/license"))
                        .description("Book a sales meeting with a salesperson of a Microsoft 365 tenant: hold a slot, "
                                + "verify the email address, confirm; cancel or reschedule until 24 h before. JSON "
                                + "bodies are snake_case; times are RFC 3339 date-times with seconds and an offset (start_at, end_at... in UTC with Z; start_local, end_local in the salesperson's zone). Every error "
                                + "is application/problem+json (RFC 9457) with a stable `code`."))
                .components(components)
                .tags(List.of(
                        new Tag().name(ApiContract.PUBLIC).description("The customer's booking journey"),
                        new Tag().name(ApiContract.INTERNAL).description("Tenant admins"),
                        new Tag().name(ApiContract.OPERATOR).description("The platform operator"),
                        new Tag().name(ApiContract.ONBOARDING).description("Microsoft 365 onboarding callback"),
                        new Tag().name(ApiContract.WEBHOOKS).description("Microsoft Graph notifications")));
    }

    @Bean
    OpenApiCustomizer bookingContract() {
        return OpenApiConfiguration::applyContract;
    }

    static void applyContract(OpenAPI api) {
        // springdoc's openapi_3_0 mode labels the document 3.0.1; what it writes is also 3.0.3, the last 3.0 release
        api.setOpenapi("3.0.3");
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        // replaces what springdoc inferred (with its own mapper, camelCase, which is not the wire format)
        api.getComponents().setSchemas(new TreeMap<>(schemas()));
        if (api.getPaths() == null) {
            return;
        }
        for (ApiContract.Endpoint endpoint : ApiContract.ENDPOINTS) {
            PathItem item = api.getPaths().get(endpoint.path());
            Operation operation =
                    item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(endpoint.method()));
            if (operation == null) {
                // a mapping was renamed: the contract test fails on the missing operation
                continue;
            }
            describe(operation, endpoint);
        }
    }

    private static void describe(Operation operation, ApiContract.Endpoint endpoint) {
        operation
                .summary(endpoint.summary())
                .description(endpoint.description())
                .tags(List.of(endpoint.tag()));
        List<Parameter> parameters =
                operation.getParameters() == null ? new ArrayList<>() : new ArrayList<>(operation.getParameters());
        // the controllers read these as optional so that a missing value is a problem+json with its code, not
        // Spring's 400; to a client every one of them is required
        // a header of the other scope is read only to answer 403 instead of 401: not part of the operation
        parameters.removeIf(p -> "header".equals(p.getIn())
                && (endpoint.admin() && "X-Operator-Key".equals(p.getName())
                        || endpoint.operator()
                                && ("X-Admin-Api-Key".equals(p.getName()) || "X-Operator-Key".equals(p.getName()))));
        parameters.forEach(p -> {
            boolean optional = ApiContract.OPTIONAL_PARAMETERS.contains(p.getName())
                    || "email".equals(p.getName()) && ApiContract.BOOKING_LIST.equals(endpoint.path());
            if (!optional) {
                p.required(true);
            }
            describeParameter(p);
        });
        if (endpoint.idempotent() && parameters.stream().noneMatch(p -> "Idempotency-Key".equals(p.getName()))) {
            Parameter key = new Parameter().in("header").name("Idempotency-Key").required(true);
            describeParameter(key);
            parameters.add(key);
        }
        operation.parameters(parameters);
        // security on every operation, so no reader has to infer it: public ones need none (the customer's proof is
        // the token in the body or query; Graph's is the clientState in each notification), internal ones the admin key
        if (endpoint.admin()) {
            operation.security(List.of(new SecurityRequirement().addList(ADMIN_KEY)));
            // the scheme describes this header; a parameter of the same name would describe it twice
            parameters.removeIf(p -> "header".equals(p.getIn()) && "X-Admin-Api-Key".equalsIgnoreCase(p.getName()));
            operation.parameters(parameters);
        } else if (endpoint.operator()) {
            // the scheme describes X-Operator-Key (removed from the parameters above)
            operation.security(List.of(new SecurityRequirement().addList(OPERATOR_KEY)));
        } else {
            operation.security(List.of());
        }
        if (endpoint.requestType() != null) {
            Content content = new Content().addMediaType(JSON, new MediaType().schema(ref(endpoint.requestType())));
            if (ApiContract.WEBHOOKS.equals(endpoint.tag())) {
                // Graph's subscription handshake posts an empty text/plain body with the validationToken
                content.addMediaType(
                        "text/plain", new MediaType().schema(typed("string").maxLength(0)));
            }
            operation.requestBody(new RequestBody()
                    .required(!ApiContract.WEBHOOKS.equals(endpoint.tag()))
                    .content(content));
        }
        ApiResponses responses = new ApiResponses();
        ApiResponse success = new ApiResponse().description(endpoint.successDescription());
        if (endpoint.successType() != null) {
            Schema<?> body = endpoint.successArray()
                    ? typed("array").items(ref(endpoint.successType()))
                    : ref(endpoint.successType());
            success.content(new Content().addMediaType(JSON, new MediaType().schema(body)));
        }
        if (ApiContract.M365_CALLBACK.equals(endpoint.path())) {
            success.content(new Content().addMediaType("text/html", new MediaType().schema(typed("string"))));
            responses.addApiResponse(
                    "400",
                    new ApiResponse()
                            .description("A page saying why nothing was connected")
                            .content(new Content().addMediaType("text/html", new MediaType().schema(typed("string")))));
        }
        responses.addApiResponse(Integer.toString(endpoint.successStatus()), success);
        if (ApiContract.WEBHOOKS.equals(endpoint.tag())) {
            responses.addApiResponse(
                    "200",
                    new ApiResponse()
                            .description("Subscription validation: the validationToken echoed")
                            .content(
                                    new Content().addMediaType("text/plain", new MediaType().schema(typed("string")))));
        }
        Map<Integer, List<ErrorCode>> byStatus = new TreeMap<>();
        endpoint.errors()
                .forEach(code -> byStatus.computeIfAbsent(code.status().value(), s -> new ArrayList<>())
                        .add(code));
        byStatus.forEach((status, codes) -> responses.addApiResponse(Integer.toString(status), problems(codes)));
        operation.responses(responses);
    }

    private static void describeParameter(Parameter p) {
        switch (p.getName()) {
            case "Idempotency-Key" ->
                p.required(true)
                        .schema(typed("string").minLength(1).maxLength(255))
                        .description(
                                "Required on every public POST (400 idempotency_key_missing without). The same key "
                                        + "with the same request returns the stored response; with another request 422; while the "
                                        + "first still runs 409. Keys live 24 h.");
            case "slug" -> p.description("The tenant's public slug");
            case "bookingId" -> p.schema(uuid()).description("The booking's id");
            case "salesperson" -> p.schema(uuid()).description("The salesperson's id");
            case "date" -> p.schema(typed("string").format("date")).description("A local date, YYYY-MM-DD");
            case "token" -> p.description("The token from the verify or manage link");
            case "X-Admin-Api-Key" -> p.description("The tenant admin's API key");
            case "X-Tenant-Id" ->
                p.description("Optional: the tenant's id or slug; must be the admin key's tenant (403 otherwise)");
            case "tenantId" -> p.schema(uuid()).description("The tenant's id");
            case "salespersonId", "salesperson_id" -> p.schema(uuid()).description("The salesperson's id");
            case "keyId" -> p.schema(uuid()).description("The admin key's id");
            case "limit" ->
                p.schema(typed("integer").minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(200)))
                        .description("Page size, 1-200 (default 50)");
            case "cursor" -> p.description("next_cursor of the previous page");
            case "from", "to" ->
                p.schema(typed("string").format("date-time"))
                        .description("Bookings starting at or after from, before to");
            case "status" ->
                p.schema(typed("string")._enum(List.of("hold", "pending_verify", "confirmed", "canceled", "expired")));
            case "email" -> p.schema(typed("string").format("email")).description("The customer's email address");
            case "state" -> p.description("The signed state of the consent link");
            case "tenant" -> p.description("The Microsoft Entra tenant that consented");
            case "validationToken" -> p.description("Graph's subscription handshake; echoed as text/plain");
            default -> {}
        }
    }

    /** One response for a status: every code it may carry, as examples and in {@value #PROBLEM_CODES}. */
    private static ApiResponse problems(List<ErrorCode> codes) {
        MediaType media = new MediaType().schema(ref(Problem.class));
        for (ErrorCode code : codes) {
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("type", "https://docs.salesbooking.example/problems/" + code.code());
            example.put("title", code.title());
            example.put("status", code.status().value());
            example.put("detail", "...");
            example.put("code", code.code());
            media.addExamples(code.code(), new Example().summary(code.title()).value(example));
        }
        List<String> names = codes.stream().map(ErrorCode::code).toList();
        ApiResponse response = new ApiResponse()
                .description(String.join(", ", names))
                .content(new Content().addMediaType(PROBLEM_JSON, media));
        response.addExtension(PROBLEM_CODES, names);
        int status = codes.get(0).status().value();
        if (status == 429 || status == 503) {
            response.addHeaderObject(
                    "Retry-After",
                    new Header().description("Seconds to wait before retrying").schema(typed("integer")));
        }
        return response;
    }

    // --- schemas, derived from the records the controllers read and write ------------------------------------

    /**
     * swagger-core's model resolver, reading records through a Jackson 2 mapper with the api's naming
     * (spring.jackson.property-naming-strategy=SNAKE_CASE in booking-defaults.yml; springdoc reads types with its
     * own mapper and does not see the app's Jackson 3 settings). A private instance, not springdoc's global one.
     */
    private static final ModelConverters RECORDS = records();

    private static ModelConverters records() {
        ModelConverters converters = new ModelConverters(false);
        converters.addConverter(
                new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)));
        return converters;
    }

    /** The component name of a record's schema ({@code @Schema(name)} or the simple class name). */
    static String schemaName(Class<?> type) {
        return RECORDS.read(type).keySet().iterator().next();
    }

    /** Every body record of the contract and the records inside them, plus {@link Problem}, as snake_case schemas. */
    static Map<String, Schema> schemas() {
        Map<String, Schema> schemas = new TreeMap<>(RECORDS.readAll(Problem.class));
        for (ApiContract.Endpoint endpoint : ApiContract.ENDPOINTS) {
            for (Class<?> type : new Class<?>[] {endpoint.requestType(), endpoint.successType()}) {
                if (type != null) {
                    schemas.putAll(RECORDS.readAll(type));
                }
            }
        }
        // the codes come from the enum, so a new ErrorCode is in the document without anyone copying it
        @SuppressWarnings("unchecked")
        Schema<Object> code = (Schema<Object>)
                schemas.get(schemaName(Problem.class)).getProperties().get("code");
        code._enum(Arrays.stream(ErrorCode.values()).map(c -> (Object) c.code()).toList());
        return schemas;
    }

    /**
     * A schema of one JSON type. springdoc writes OpenAPI 3.1, whose serializer reads {@code types} (JSON Schema
     * 2020-12 allows several) and ignores {@code type}; both are set so the document is right in 3.0 mode too.
     */
    private static Schema<Object> typed(String type) {
        Schema<Object> schema = new Schema<>();
        schema.type(type);
        schema.types(new java.util.LinkedHashSet<>(List.of(type)));
        return schema;
    }

    private static Schema<Object> ref(Class<?> type) {
        return new Schema<Object>().$ref("#/components/schemas/" + schemaName(type));
    }

    private static Schema<Object> string(String format) {
        return typed("string").format(format);
    }

    private static Schema<Object> uuid() {
        return string("uuid");
    }
}
