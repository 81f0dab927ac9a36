package com.salesbooking.api.openapi;

import com.salesbooking.api.error.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
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
 * The OpenAPI 3 document at {@code /v3/api-docs}. The controllers return pre-serialized JSON (idempotent replays
 * must be byte for byte) and read raw strings (so every validation failure names its field), so springdoc
 * cannot infer the wire shapes: the snake_case schemas are declared here, and {@link ApiContract} supplies, per
 * operation, the request body, the success response and every problem code with its status.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";
    /** The vendor extension listing a response's problem codes, for clients and the contract test. */
    static final String PROBLEM_CODES = "x-problem-codes";
    static final String ADMIN_KEY = "adminApiKey";

    @Bean
    OpenAPI bookingOpenApi() {
        Components components = new Components();
        components.addSecuritySchemes(ADMIN_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-Admin-Api-Key")
                .description("A tenant admin's API key (stored hashed, scoped to the tenant in X-Tenant-Id)"));
        return new OpenAPI()
                .info(new Info().title("Sales-meeting booking API").version("v1")
                        .description("Book a sales meeting with a salesperson of a Microsoft 365 tenant: hold a slot, "
                                + "verify the email address, confirm; cancel or reschedule until 24 h before. JSON "
                                + "bodies are snake_case, times ISO-8601 with an offset (responses in UTC). Every error "
                                + "is application/problem+json (RFC 9457) with a stable `code`."))
                .components(components)
                .tags(List.of(new Tag().name(ApiContract.PUBLIC).description("The customer's booking journey"),
                        new Tag().name(ApiContract.INTERNAL).description("Tenant admins"),
                        new Tag().name(ApiContract.WEBHOOKS).description("Microsoft Graph notifications")));
    }

    @Bean
    OpenApiCustomizer bookingContract() {
        return OpenApiConfiguration::applyContract;
    }

    static void applyContract(OpenAPI api) {
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        // replaces what springdoc inferred from the Java records: their camelCase names are not the wire format
        api.getComponents().setSchemas(new TreeMap<>(schemas()));
        if (api.getPaths() == null) {
            return;
        }
        for (ApiContract.Endpoint endpoint : ApiContract.ENDPOINTS) {
            PathItem item = api.getPaths().get(endpoint.path());
            Operation operation = item == null ? null
                    : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(endpoint.method()));
            if (operation == null) {
                // a mapping was renamed: the contract test fails on the missing operation
                continue;
            }
            describe(operation, endpoint);
        }
    }

    private static void describe(Operation operation, ApiContract.Endpoint endpoint) {
        operation.summary(endpoint.summary()).description(endpoint.description()).tags(List.of(endpoint.tag()));
        List<Parameter> parameters = operation.getParameters() == null ? new ArrayList<>() : new ArrayList<>(operation.getParameters());
        // the controllers read these as optional so that a missing value is a problem+json with its code, not
        // Spring's 400; to a client every one of them is required
        parameters.forEach(p -> {
            if (!"validationToken".equals(p.getName())) {
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
        if (endpoint.admin()) {
            operation.addSecurityItem(new SecurityRequirement().addList(ADMIN_KEY));
        }
        if (endpoint.requestSchema() != null) {
            operation.requestBody(new RequestBody().required(!ApiContract.WEBHOOKS.equals(endpoint.tag()))
                    .content(new Content().addMediaType(JSON, new MediaType().schema(ref(endpoint.requestSchema())))));
        }
        ApiResponses responses = new ApiResponses();
        ApiResponse success = new ApiResponse().description(endpoint.successDescription());
        if (endpoint.successSchema() != null) {
            Schema<?> body = endpoint.successArray() ? typed("array").items(ref(endpoint.successSchema()))
                    : ref(endpoint.successSchema());
            success.content(new Content().addMediaType(JSON, new MediaType().schema(body)));
        }
        responses.addApiResponse(Integer.toString(endpoint.successStatus()), success);
        if (ApiContract.WEBHOOKS.equals(endpoint.tag())) {
            responses.addApiResponse("200", new ApiResponse()
                    .description("Subscription validation: the validationToken echoed")
                    .content(new Content().addMediaType("text/plain", new MediaType().schema(typed("string")))));
        }
        Map<Integer, List<ErrorCode>> byStatus = new TreeMap<>();
        endpoint.errors().forEach(code -> byStatus.computeIfAbsent(code.status().value(), s -> new ArrayList<>()).add(code));
        byStatus.forEach((status, codes) -> responses.addApiResponse(Integer.toString(status), problems(codes)));
        operation.responses(responses);
    }

    private static void describeParameter(Parameter p) {
        switch (p.getName()) {
            case "Idempotency-Key" -> p.required(true).schema(typed("string").minLength(1).maxLength(255))
                    .description("Required on every public POST (400 idempotency_key_missing without). The same key "
                            + "with the same request returns the stored response; with another request 422; while the "
                            + "first still runs 409. Keys live 24 h.");
            case "slug" -> p.description("The tenant's public slug");
            case "bookingId" -> p.schema(uuid()).description("The booking's id");
            case "salesperson" -> p.schema(uuid()).description("The salesperson's id");
            case "date" -> p.schema(typed("string").format("date")).description("A local date, YYYY-MM-DD");
            case "token" -> p.description("The token from the verify or manage link");
            case "X-Admin-Api-Key" -> p.description("The tenant admin's API key");
            case "X-Tenant-Id" -> p.schema(uuid()).description("The tenant's id");
            case "validationToken" -> p.description("Graph's subscription handshake; echoed as text/plain");
            default -> {
            }
        }
    }

    /** One response for a status: every code it may carry, as examples and in {@value #PROBLEM_CODES}. */
    private static ApiResponse problems(List<ErrorCode> codes) {
        MediaType media = new MediaType().schema(ref("Problem"));
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
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                    .schema(typed("integer")));
        }
        return response;
    }

    // --- schemas (snake_case, as the api's JSON naming writes them) ----------------------------------------

    private static Map<String, Schema<?>> schemas() {
        Map<String, Schema<?>> s = new LinkedHashMap<>();
        s.put("Problem", object("RFC 9457 problem details with a stable code",
                Map.of("type", string("uri"), "title", string(null), "status", typed("integer"),
                        "detail", string(null),
                        "code", string(null).description("Stable problem code")._enum(Arrays.stream(ErrorCode.values())
                                .map(ErrorCode::code).map(c -> (Object) c).toList()),
                        "field", string(null).description("The request field or parameter at fault")),
                "type", "title", "status", "detail", "code"));
        s.put("Salesperson", object(null, Map.of("id", uuid(), "display_name", string(null),
                "timezone", string(null).description("IANA zone")), "id", "display_name", "timezone"));
        s.put("Slot", object(null, Map.of("start_at", dateTime(), "end_at", dateTime(),
                "start_local", dateTime(), "end_local", dateTime()), "start_at", "end_at", "start_local", "end_local"));
        s.put("Availability", object(null, Map.of("date", string("date"), "timezone", string(null),
                "slots", typed("array").items(ref("Slot"))), "date", "timezone", "slots"));
        s.put("Customer", object(null, Map.of("email", string("email"), "name", string(null).maxLength(200),
                "company", string(null).maxLength(200)), "email"));
        s.put("HoldRequest", object(null, Map.of("salesperson_id", uuid(), "start_at", dateTime(), "end_at", dateTime(),
                "customer", ref("Customer")), "salesperson_id", "start_at", "end_at", "customer"));
        s.put("VerifyEmailRequest", object(null, Map.of("booking_id", uuid()), "booking_id"));
        s.put("TokenRequest", object(null, Map.of("token", string(null)), "token"));
        s.put("RescheduleRequest", object(null, Map.of("token", string(null), "new_start_at", dateTime(),
                "new_end_at", dateTime()), "token", "new_start_at", "new_end_at"));
        s.put("AttendanceRequest", object(null, Map.of("status", string(null)._enum(List.of("attended", "no_show"))), "status"));
        s.put("HoldCreated", object(null, Map.of("booking_id", uuid(), "status", constant("hold"), "start_at", dateTime(),
                "end_at", dateTime(), "expires_at", dateTime()), "booking_id", "status", "start_at", "end_at", "expires_at"));
        s.put("VerificationSent", object(null, Map.of("booking_id", uuid(), "status", constant("pending_verify"),
                "expires_at", dateTime()), "booking_id", "status", "expires_at"));
        s.put("Confirmed", object(null, Map.of("booking_id", uuid(), "status", constant("confirmed"), "start_at", dateTime(),
                "end_at", dateTime(), "join_url", string("uri")), "booking_id", "status", "start_at", "end_at"));
        s.put("ResendQueued", object(null, Map.of("booking_id", uuid(), "email", constant("queued")), "booking_id", "email"));
        s.put("Canceled", object(null, Map.of("booking_id", uuid(), "status", constant("canceled")), "booking_id", "status"));
        s.put("Rescheduled", object(null, Map.of("booking_id", uuid().description("The new booking"),
                "status", constant("pending_verify"), "rescheduled_from", uuid(), "start_at", dateTime(),
                "end_at", dateTime(), "expires_at", dateTime()), "booking_id", "status", "rescheduled_from"));
        Map<String, Schema<?>> booking = new LinkedHashMap<>();
        booking.put("booking_id", uuid());
        booking.put("status", string(null)._enum(List.of("hold", "pending_verify", "confirmed", "canceled", "expired")));
        booking.put("start_at", dateTime());
        booking.put("end_at", dateTime());
        booking.put("start_local", dateTime());
        booking.put("end_local", dateTime());
        booking.put("timezone", string(null));
        booking.put("salesperson", object(null, Map.of("id", uuid(), "display_name", string(null))));
        booking.put("join_url", string("uri"));
        booking.put("expires_at", dateTime());
        booking.put("cancel_deadline", dateTime());
        booking.put("rescheduled_from", uuid());
        s.put("CustomerBooking", object(null, booking, "booking_id", "status", "start_at", "end_at", "timezone"));
        s.put("AttendanceRecorded", object(null, Map.of("booking_id", uuid(),
                "attendance", string(null)._enum(List.of("attended", "no_show")), "recorded_at", dateTime()),
                "booking_id", "attendance", "recorded_at"));
        s.put("GraphNotifications", object("Microsoft Graph's notification collection (at most 100 per request)",
                Map.of("value", typed("array").items(typed("object")
                        .description("One change or lifecycle notification, as Graph sends it")))));
        return s;
    }

    private static Schema<Object> object(String description, Map<String, Schema<?>> properties, String... required) {
        Schema<Object> schema = typed("object").description(description);
        new TreeMap<>(properties).forEach(schema::addProperty);
        if (required.length > 0) {
            schema.required(List.of(required));
        }
        return schema;
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

    private static Schema<Object> ref(String name) {
        return new Schema<Object>().$ref("#/components/schemas/" + name);
    }

    private static Schema<Object> string(String format) {
        return typed("string").format(format);
    }

    private static Schema<Object> uuid() {
        return string("uuid");
    }

    private static Schema<Object> dateTime() {
        return string("date-time");
    }

    private static Schema<Object> constant(String value) {
        return string(null)._enum(List.of(value));
    }
}
