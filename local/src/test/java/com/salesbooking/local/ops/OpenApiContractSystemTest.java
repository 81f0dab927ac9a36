package com.salesbooking.local.ops;

import com.salesbooking.api.error.Problem;
import com.salesbooking.api.openapi.ApiContract;
import com.salesbooking.local.system.SystemTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document served at /v3/api-docs describes docs/design.md, "The API": every endpoint, its request body, its
 * success, and every problem code with its status. The expectations are written out here from the design, not
 * read from the table that generates the document, so a code dropped from either side shows up.
 */
class OpenApiContractSystemTest extends SystemTestSupport {

    record Expected(
            String method,
            String path,
            int success,
            boolean body,
            boolean idempotencyKey,
            Map<Integer, Set<String>> problems) {}

    private static Map<Integer, Set<String>> problems(String... statusAndCode) {
        Map<Integer, Set<String>> map = new LinkedHashMap<>();
        for (String entry : statusAndCode) {
            String[] parts = entry.split(" ");
            map.computeIfAbsent(Integer.parseInt(parts[0]), s -> new TreeSet<>())
                    .add(parts[1]);
        }
        return map;
    }

    /** The codes every public POST shares: Idempotency-Key rules, tenant, body shape, workflow availability. */
    private static final String[] PUBLIC_POST = {
        "400 idempotency_key_missing",
        "400 invalid_request",
        "404 tenant_not_found",
        "409 request_in_progress",
        "422 idempotency_key_reused",
        "503 service_unavailable",
        "413 payload_too_large",
        "415 unsupported_media_type"
    };

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static final List<Expected> SECTION_12 = List.of(
            new Expected("get", "/v1/public/{slug}/salespersons", 200, false, false, problems("404 tenant_not_found")),
            new Expected(
                    "get",
                    "/v1/public/{slug}/availability",
                    200,
                    false,
                    false,
                    problems(
                            "400 invalid_request",
                            "404 tenant_not_found",
                            "404 salesperson_not_found",
                            "503 provider_unavailable")),
            new Expected(
                    "post",
                    "/v1/public/{slug}/holds",
                    201,
                    true,
                    true,
                    problems(with(
                            PUBLIC_POST,
                            "400 invalid_datetime",
                            "404 salesperson_not_found",
                            "409 slot_unavailable",
                            "409 slot_taken",
                            "429 rate_limited"))),
            new Expected(
                    "post",
                    "/v1/public/{slug}/auth/verify-email",
                    200,
                    true,
                    true,
                    problems(with(
                            PUBLIC_POST,
                            "404 booking_not_found",
                            "409 hold_expired",
                            "409 invalid_state",
                            "429 rate_limited"))),
            new Expected(
                    "post",
                    "/v1/public/{slug}/confirm",
                    200,
                    true,
                    true,
                    problems(with(
                            PUBLIC_POST,
                            "401 token_invalid",
                            "409 token_used",
                            "409 hold_expired",
                            "503 provider_unavailable"))),
            new Expected(
                    "get",
                    "/v1/public/{slug}/bookings/{bookingId}",
                    200,
                    false,
                    false,
                    problems("404 tenant_not_found", "404 booking_not_found", "401 token_invalid", "409 token_used")),
            new Expected(
                    "post",
                    "/v1/public/{slug}/bookings/{bookingId}/cancel",
                    200,
                    true,
                    true,
                    problems(with(
                            PUBLIC_POST,
                            "404 booking_not_found",
                            "401 token_invalid",
                            "409 token_used",
                            "409 invalid_state",
                            "409 cancel_deadline_passed"))),
            new Expected(
                    "post",
                    "/v1/public/{slug}/bookings/{bookingId}/reschedule",
                    201,
                    true,
                    true,
                    problems(with(
                            PUBLIC_POST,
                            "400 invalid_datetime",
                            "404 booking_not_found",
                            "401 token_invalid",
                            "409 token_used",
                            "409 invalid_state",
                            "409 cancel_deadline_passed",
                            "409 slot_unavailable",
                            "409 slot_taken"))),
            new Expected(
                    "post",
                    "/v1/internal/attendance/{bookingId}",
                    200,
                    true,
                    false,
                    problems(
                            "400 invalid_request",
                            "401 unauthorized",
                            "403 forbidden",
                            "404 booking_not_found",
                            "409 invalid_state")),
            new Expected(
                    "post",
                    "/v1/webhooks/graph",
                    202,
                    true,
                    false,
                    problems("400 invalid_request", "413 payload_too_large")),
            new Expected("post", "/v1/webhooks/graph/lifecycle", 202, true, false, problems("400 invalid_request")));

    @Test
    void everyEndpointOfSection12IsDescribedWithItsBodySuccessAndProblemCodes() {
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode api = docs.json();
        assertThat(api.path("openapi").asString()).startsWith("3.");
        JsonNode paths = api.path("paths");

        for (Expected e : SECTION_12) {
            String name = e.method().toUpperCase() + " " + e.path();
            JsonNode op = paths.path(e.path()).path(e.method());
            assertThat(op.isObject()).as("%s is in the document", name).isTrue();
            assertThat(op.path("summary").asString())
                    .as("%s has a summary", name)
                    .isNotBlank();
            JsonNode responses = op.path("responses");
            assertThat(responses.has(Integer.toString(e.success())))
                    .as("%s answers %d", name, e.success())
                    .isTrue();
            if (e.success() != 202) {
                assertThat(responses
                                .path(Integer.toString(e.success()))
                                .path("content")
                                .path("application/json")
                                .path("schema")
                                .isMissingNode())
                        .as("%s success body schema", name)
                        .isFalse();
            }
            if (e.body()) {
                assertThat(op.path("requestBody")
                                .path("content")
                                .path("application/json")
                                .path("schema")
                                .isMissingNode())
                        .as("%s request body", name)
                        .isFalse();
            }
            e.problems().forEach((status, codes) -> {
                JsonNode response = responses.path(Integer.toString(status));
                assertThat(response.isObject())
                        .as("%s documents %d", name, status)
                        .isTrue();
                JsonNode problem = response.path("content").path("application/problem+json");
                assertThat(problem.path("schema").path("$ref").asString())
                        .as("%s %d is a problem", name, status)
                        .endsWith("/Problem");
                Set<String> listed = new TreeSet<>();
                response.path("x-problem-codes").forEach(c -> listed.add(c.asString()));
                assertThat(listed).as("%s %d problem codes", name, status).containsAll(codes);
                assertThat(problem.path("examples").propertyNames())
                        .as("%s %d examples", name, status)
                        .containsAll(codes);
                // each listed code really has this status
                problem.path("examples")
                        .forEach(example -> assertThat(
                                        example.path("value").path("status").asInt())
                                .as("%s example status", name)
                                .isEqualTo(status));
            });
            boolean hasKey = false;
            for (JsonNode p : op.path("parameters")) {
                if ("Idempotency-Key".equals(p.path("name").asString())
                        && "header".equals(p.path("in").asString())) {
                    hasKey = true;
                    assertThat(p.path("required").asBoolean())
                            .as("%s Idempotency-Key required", name)
                            .isTrue();
                }
            }
            assertThat(hasKey).as("%s documents Idempotency-Key", name).isEqualTo(e.idempotencyKey());
        }
    }

    @Test
    void everyOperationDeclaresItsSecurityAndTheDocumentItsLicense() throws IOException {
        Response served = get("/v3/api-docs");
        // for the linter (docs/operations.md, "API description"): npx @redocly/cli@2 lint local/target/openapi.json
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), served.body());
        JsonNode api = served.json();
        assertThat(api.path("openapi").asString())
                .as("OpenAPI 3.0, what the exchange validator reads")
                .startsWith("3.0.");
        assertThat(api.path("info").path("license").path("name").asString()).isNotBlank();
        JsonNode paths = api.path("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                JsonNode security = paths.path(path).path(method).path("security");
                assertThat(security.isArray())
                        .as("%s %s declares its security", method, path)
                        .isTrue();
                if (path.startsWith("/v1/internal/tenants")) {
                    // the platform operator's endpoints (issue 16)
                    assertThat(security.toString()).as("%s %s", method, path).isEqualTo("[{\"operatorKey\":[]}]");
                } else if (path.startsWith("/v1/internal/")) {
                    assertThat(security.toString()).as("%s %s", method, path).isEqualTo("[{\"adminApiKey\":[]}]");
                } else {
                    assertThat(security.isEmpty())
                            .as("%s %s is public: security []", method, path)
                            .isTrue();
                }
                assertThat(paths.path(path).path(method).path("operationId").asString())
                        .as("%s %s operationId", method, path)
                        .isNotBlank();
            }
        }
    }

    @Test
    void everyPublicPostRequiresAnIdempotencyKeyAndNoDevRouteIsDocumented() {
        JsonNode paths = get("/v3/api-docs").json().path("paths");
        for (String path : paths.propertyNames()) {
            assertThat(path).as("documented paths").startsWith("/v1/");
            JsonNode post = paths.path(path).path("post");
            if (path.startsWith("/v1/public/") && post.isObject()) {
                boolean required = false;
                for (JsonNode p : post.path("parameters")) {
                    required |= "Idempotency-Key".equals(p.path("name").asString())
                            && p.path("required").asBoolean();
                }
                assertThat(required)
                        .as("POST %s requires Idempotency-Key", path)
                        .isTrue();
            }
        }
        JsonNode problem =
                get("/v3/api-docs").json().path("components").path("schemas").path("Problem");
        assertThat(problem.path("required").toString()).contains("code", "status", "title", "detail");
    }

    /** The mapper the app writes its bodies with (snake_case, non-null inclusion). */
    @Autowired
    JsonMapper appJson;

    /**
     * The document's schemas are derived from the body records; here the app's own JSON mapper writes each record
     * (every component set) and its property names must be exactly the schema's. A record whose wire names the
     * document gets wrong (another naming, a Jackson 3-only annotation springdoc cannot see) fails here.
     */
    @Test
    void everyBodyRecordIsWrittenWithExactlyThePropertiesOfItsSchemaInTheDocument() throws Exception {
        JsonNode schemas = get("/v3/api-docs").json().path("components").path("schemas");
        List<Class<?>> types = new ArrayList<>(List.of(Problem.class));
        for (ApiContract.Endpoint endpoint : ApiContract.ENDPOINTS) {
            if (endpoint.requestType() != null) {
                types.add(endpoint.requestType());
            }
            if (endpoint.successType() != null) {
                types.add(endpoint.successType());
            }
        }
        for (Class<?> type : types) {
            assertSameProperties(type, appJson.valueToTree(sample(type)), schemas);
        }
    }

    private static void assertSameProperties(Class<?> type, JsonNode written, JsonNode schemas) {
        String name = schemaName(type);
        JsonNode schema = schemas.path(name);
        assertThat(schema.isObject())
                .as("schema %s of %s in the document", name, type.getName())
                .isTrue();
        assertThat(new TreeSet<>(written.propertyNames()))
                .as("properties %s writes vs schema %s", type.getSimpleName(), name)
                .isEqualTo(new TreeSet<>(schema.path("properties").propertyNames()));
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getType().isRecord()) {
                // the component's own property (snake_case of its name): a record may nest several records
                String property = component
                        .getName()
                        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                        .toLowerCase(java.util.Locale.ROOT);
                assertThat(schema.path("properties").path(property).path("$ref").isMissingNode())
                        .as("%s.%s refers to its record's schema", name, property)
                        .isFalse();
                assertSameProperties(component.getType(), written.get(property), schemas);
            }
        }
    }

    private static String schemaName(Class<?> type) {
        var annotation = type.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
        return annotation != null && !annotation.name().isEmpty() ? annotation.name() : type.getSimpleName();
    }

    /** An instance with every component set (a non-null value of its type), so the mapper writes every property. */
    private static Object sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getType(), components[i].getGenericType());
        }
        var constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    private static Object value(Class<?> type, Type generic) throws Exception {
        if (type == String.class) {
            return "x";
        }
        if (type == UUID.class) {
            return UUID.randomUUID();
        }
        if (type == int.class || type == Integer.class) {
            return 1;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type == Map.class) {
            // working hours, tracking and audit metadata: free-form maps, whose keys are not properties
            return Map.of("mon", List.of("09:00-17:00"));
        }
        if (type == List.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            return element instanceof Class<?> c && c.isRecord() ? List.of(sample(c)) : List.of(Map.of("k", "v"));
        }
        if (type.isRecord()) {
            return sample(type);
        }
        throw new AssertionError("no sample value for " + type + ": extend sample() for it");
    }

    /**
     * SystemTestSupport's context reads the api's application.yml and booking-defaults.yml (its spring.config.name
     * comes too late to switch to local.yml), i.e. the production settings: the document is served, the UI is not.
     */
    @Test
    void theSwaggerUiIsOffWithTheProductionSettings() throws IOException {
        assertThat(get("/swagger-ui/index.html").status())
                .as("no Swagger UI in production")
                .isEqualTo(404);
        try (InputStream in = getClass().getResourceAsStream("/booking-defaults.yml")) {
            Map<String, Object> defaults = new Yaml().load(in);
            @SuppressWarnings("unchecked")
            Map<String, Object> springdoc = (Map<String, Object>) defaults.get("springdoc");
            @SuppressWarnings("unchecked")
            Map<String, Object> ui = (Map<String, Object>) springdoc.get("swagger-ui");
            assertThat(ui.get("enabled"))
                    .as("booking-defaults.yml springdoc.swagger-ui.enabled")
                    .isEqualTo(false);
        }
    }
}
