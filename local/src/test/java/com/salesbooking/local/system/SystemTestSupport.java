package com.salesbooking.local.system;

import com.salesbooking.local.LocalApplication;
import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.providers.sandbox.SandboxCalendarProvider;
import com.salesbooking.providers.sandbox.SandboxFaults;
import com.salesbooking.providers.sandbox.SandboxMailbox;
import com.salesbooking.providers.sandbox.SandboxMeetingProvider;
import com.salesbooking.workflows.booking.BookingSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole system in one JVM, as local mode runs it, but on a random port, with a fresh database copied from
 * the migrated template, and with Temporal's time-skipping test environment: the clock of the api, the
 * activities and the workflows all read the test environment's time, which starts at a fixed instant
 * (Monday 2027-03-01 08:00 UTC), so nothing depends on today's date and timers are crossed with
 * {@link #skip(Duration)}, never by waiting.
 */
@SpringBootTest(
        classes = {LocalApplication.class, SystemTestSupport.TemporalTestBeans.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // every test's holds come from 127.0.0.1; ClientHoldLimitTest sets a low limit (a dynamic property wins)
        properties = "booking.limits.max-holds-per-client=1000000")
// one system per test class: a class's long-lived workflows (subscriptions, event workflows, timers days ahead)
// never share a Temporal service, a clock or a database with another class's time skipping
@org.springframework.test.annotation.DirtiesContext(
        classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(NoPersonalDataInWorkflowHistories.class)
@ExtendWith(ServedContract.class)
public abstract class SystemTestSupport {

    public static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    public static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    public static final UUID ANNA = UUID.fromString("a0000000-0000-4000-8000-000000000101");
    public static final UUID NICK = UUID.fromString("a0000000-0000-4000-8000-000000000102");
    public static final UUID GLOBEX = UUID.fromString("b0000000-0000-4000-8000-000000000001");
    public static final UUID CARLA = UUID.fromString("b0000000-0000-4000-8000-000000000101");
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /**
     * How long a test waits for state that arrives asynchronously (a workflow, a webhook job, an email). Generous: on
     * a 2-core machine shared with other builds a hand-off of milliseconds can take many seconds; the wait ends as
     * soon as the state is there, so only a defect (the state never arrives) costs the whole bound.
     */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A new time-skipping Temporal test service, starting at {@link #T0}. One per Spring context (not per JVM):
     * a context's workers own the workflows started on its task queue, and a workflow task that no worker polls
     * (its context closed) would stop time skipping for every other context sharing the service.
     */
    static TestWorkflowEnvironment newTemporal() {
        TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder()
                .setInitialTime(T0)
                .setWorkflowServiceStubsOptions(WorkflowServiceStubsOptions.newBuilder()
                        .setGrpcClientInterceptors(List.of(new NoStickyWorkflowTasks()))
                        .build());
        for (var key : BookingSearchAttributes.ALL) {
            options.registerSearchAttribute(key.getName(), key.getValueType());
        }
        return TestWorkflowEnvironment.newInstance(options.build());
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registerLocalStack(registry);
        registry.add("booking.providers.mode", () -> "sandbox");
        registry.add(
                "booking.tokens.signing-keys",
                () -> "test:" + Base64.getEncoder().encodeToString(new byte[32]) + ",old:"
                        + Base64.getEncoder().encodeToString("an-older-key-that-is-32-bytes-ok".getBytes()));
        registry.add("booking.tokens.active-key-id", () -> "test");
        registry.add("booking.base-url", () -> "http://booking.test");
    }

    /**
     * What every whole-system test context shares: a fresh copy of the migrated database, local mode's settings, a
     * task queue of its own and the Temporal settings the test service needs.
     */
    public static void registerLocalStack(DynamicPropertyRegistry registry) {
        String url = EmbeddedDatabase.shared().newDatabase();
        registry.add("spring.config.name", () -> "local");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        // the template database is migrated (with the demo tenants) already
        registry.add("spring.liquibase.enabled", () -> "false");
        // unused: the client comes from the test environment, but the setting must be valid
        registry.add("booking.temporal.address", () -> "127.0.0.1:7233");
        registry.add("booking.temporal.task-queue", () -> "booking-" + UUID.randomUUID());
        // no sticky cache: every workflow task replays the history from the start, so every system test also
        // proves the workflows deterministic (and NoStickyWorkflowTasks lets a replacement worker take over)
        registry.add("booking.temporal.workflow-cache-size", () -> "0");
        // the test JVM exits at once instead of draining pollers for 20 s
        registry.add("booking.temporal.shutdown-grace", () -> "PT1S");
        // tests that skip days would otherwise replay thousands of one-minute sweeper rounds; tests that need a
        // sweep call the sweeper's activity directly
        registry.add("booking.sweeper-interval", () -> "PT6H");
        // local mode's operator key (local-operator-key), as LocalServices configures it
        registry.add("booking.operator.api-keys", () -> com.salesbooking.local.LocalServices.LOCAL_OPERATOR_KEYS);
    }

    /** The test environment's client and clock replace the production ones (which back off). */
    @TestConfiguration(proxyBeanMethods = false)
    public static class TemporalTestBeans {
        @Bean(destroyMethod = "close")
        TestWorkflowEnvironment testWorkflowEnvironment() {
            return newTemporal();
        }

        @Bean
        WorkflowClient workflowClient(TestWorkflowEnvironment temporal) {
            return temporal.getWorkflowClient();
        }

        @Bean
        Clock clock(TestWorkflowEnvironment temporal) {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.ofEpochMilli(temporal.currentTimeMillis());
                }
            };
        }
    }

    @LocalServerPort
    protected int port;
    /** This context's Temporal service: its clock is the api's, the activities' and the workflows' clock. */
    @Autowired
    protected TestWorkflowEnvironment temporal;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected SandboxMailbox mailbox;

    @Autowired
    protected SandboxMeetingProvider zoom;

    @Autowired
    protected SandboxCalendarProvider graph;

    @Autowired
    protected SandboxFaults faults;

    @BeforeEach
    void clearFaults() {
        faults.clear();
    }

    protected Instant now() {
        return Instant.ofEpochMilli(temporal.currentTimeMillis());
    }

    /** Moves the workflows' time (and so the api's clock) forward. */
    protected void skip(Duration duration) {
        temporal.sleep(duration);
    }

    /** A response: status, headers, raw body and the parsed JSON (null when the body is not JSON). */
    public record Response(
            int status, String contentType, String body, JsonNode json, java.net.http.HttpHeaders headers) {
        public String text(String field) {
            JsonNode node = json.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }
    }

    protected Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    protected Response post(String path, String idempotencyKey, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    protected Response send(HttpRequest.Builder request) {
        return exchange(request);
    }

    /**
     * Sends a request (60 s time-out) and reads the answer, parsing a JSON body. An exchange on a {@code /v1/} path
     * must match the OpenAPI document the app serves ({@link ServedContract}); a test that sends invalid requests on
     * purpose carries {@link SendsInvalidRequests}.
     */
    public static Response exchange(HttpRequest.Builder request) {
        try {
            HttpRequest sent = request.timeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> response = HTTP.send(sent, HttpResponse.BodyHandlers.ofString());
            ServedContract.check(sent, response);
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (type.contains("json") && !response.body().isBlank()) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), type, response.body(), json, response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * A whole-hour slot at {@code hour} Berlin time on the {@code weekdaysAhead}-th weekday after today (today
     * being the test environment's "now", which only moves forward as tests skip time).
     */
    protected Instant slot(int weekdaysAhead, int hour) {
        return slot(BERLIN, weekdaysAhead, hour);
    }

    protected Instant slot(ZoneId zone, int weekdaysAhead, int hour) {
        return weekdaySlot(now(), zone, weekdaysAhead, hour);
    }

    /** A whole-hour slot at {@code hour} in {@code zone} on the {@code weekdaysAhead}-th weekday after {@code now}'s date. */
    public static Instant weekdaySlot(Instant now, ZoneId zone, int weekdaysAhead, int hour) {
        java.time.LocalDate day = now.atZone(zone).toLocalDate();
        int found = 0;
        while (found < weekdaysAhead) {
            day = day.plusDays(1);
            if (day.getDayOfWeek().getValue() <= 5) {
                found++;
            }
        }
        return day.atTime(hour, 0).atZone(zone).toInstant();
    }

    /**
     * A new active salesperson of acme (Europe/Berlin, the tenant's Mon-Fri 09:00-17:00): every test gets a calendar
     * of its own, so tests never collide on slots, whatever order they run in.
     */
    protected UUID newSalesperson() {
        return newSalesperson(ACME, BERLIN);
    }

    protected UUID newSalesperson(UUID tenant, ZoneId zone) {
        UUID id = UUID.randomUUID();
        insertSalesperson(jdbc, id, tenant, "seller-" + id + "@example.test", zone);
        return id;
    }

    /** An active salesperson whose Graph user id is a UPN, which is also their email (so their Zoom user). */
    public static void insertSalesperson(JdbcClient jdbc, UUID id, UUID tenant, String upn, ZoneId zone) {
        jdbc.sql("""
                        INSERT INTO salespersons (id, tenant_id, graph_user_id, display_name, email, timezone, active)
                        VALUES (?, ?, ?, 'Test Seller', ?, ?, true)""").params(id, tenant, upn, upn, zone.getId()).update();
    }

    protected static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    protected static String holdBody(UUID salesperson, Instant start, Instant end, String email) {
        return """
                {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"%s","name":"Pat Doe","company":"Initech"}}""".formatted(salesperson, start, end, email);
    }

    protected static String key() {
        return UUID.randomUUID().toString();
    }

    private static final Pattern TOKEN = Pattern.compile("token=([^\\s&]+)");

    /** The token of the newest link to {@code path} ("/verify" or "/manage") in the outbox for {@code email}. */
    protected String tokenFromOutbox(String email, String path) {
        List<SandboxMailbox.SentMail> mails = mailbox.outbox(email);
        for (SandboxMailbox.SentMail mail : mails) {
            for (String link : mail.links()) {
                if (link.contains(path + "?token=")) {
                    Matcher m = TOKEN.matcher(link);
                    if (m.find()) {
                        return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new AssertionError("no " + path + " link in the outbox of " + email);
    }

    /** hold -> verify-email for a fresh email; returns the booking id (pending_verify, verify link in the outbox). */
    protected UUID pendingBooking(String slug, UUID salesperson, Instant start, String email) {
        Response hold = post(
                "/v1/public/" + slug + "/holds",
                key(),
                holdBody(salesperson, start, start.plus(Duration.ofHours(1)), email));
        if (hold.status() != 201) {
            throw new AssertionError("hold: " + hold.status() + " " + hold.body());
        }
        UUID id = UUID.fromString(hold.text("booking_id"));
        Response verify = post("/v1/public/" + slug + "/auth/verify-email", key(), "{\"booking_id\":\"" + id + "\"}");
        if (verify.status() != 200) {
            throw new AssertionError("verify: " + verify.status() + " " + verify.body());
        }
        return id;
    }

    /** hold -> verify-email -> confirm for a fresh email; returns the booking id. */
    protected UUID confirmedBooking(UUID salesperson, Instant start, String email) {
        UUID id = pendingBooking("acme", salesperson, start, email);
        Response confirm =
                post("/v1/public/acme/confirm", key(), "{\"token\":\"" + tokenFromOutbox(email, "/verify") + "\"}");
        if (confirm.status() != 200) {
            throw new AssertionError("confirm: " + confirm.status() + " " + confirm.body());
        }
        return id;
    }

    /**
     * An address whose top-level domain starts with a letter, as every real one does: a stack trace in a workflow task
     * failure (a slow first task on a loaded machine) names its frames' modules as {@code java.base@17.0.15}.
     */
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[\\w.%+-]+@([\\w-]+\\.)+[A-Za-z][\\w-]*");

    private static final Pattern JWT = Pattern.compile("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+");

    /**
     * Every workflow history of a context's Temporal service (bookings, sweeper, subscriptions, event workflows),
     * failures and signals included, carries no email address, no token and none of the customer details the tests
     * send. Run after every system test class by {@link NoPersonalDataInWorkflowHistories}.
     */
    public static void assertNoPersonalDataInAnyWorkflowHistory(TestWorkflowEnvironment temporal) {
        // the test server has the older list calls only (no visibility queries)
        var service = temporal.getWorkflowServiceStubs().blockingStub();
        List<io.temporal.api.common.v1.WorkflowExecution> executions = new java.util.ArrayList<>();
        service.listOpenWorkflowExecutions(
                        io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest.newBuilder()
                                .setNamespace(temporal.getNamespace())
                                .build())
                .getExecutionsList()
                .forEach(e -> executions.add(e.getExecution()));
        service.listClosedWorkflowExecutions(
                        io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest.newBuilder()
                                .setNamespace(temporal.getNamespace())
                                .build())
                .getExecutionsList()
                .forEach(e -> executions.add(e.getExecution()));
        for (var execution : executions) {
            String workflowId = execution.getWorkflowId();
            String history = temporal.getWorkflowClient()
                    .fetchHistory(workflowId, execution.getRunId())
                    .toJson(false);
            assertThat(EMAIL_ADDRESS
                            .matcher(history)
                            .results()
                            .map(m -> m.group())
                            .toList())
                    .as("email addresses in the history of " + workflowId)
                    .isEmpty();
            assertThat(JWT.matcher(history).find())
                    .as("a token in the history of " + workflowId)
                    .isFalse();
            assertThat(history)
                    .as("customer details in the history of " + workflowId)
                    .doesNotContain("Pat Doe", "Initech");
        }
    }

    protected String status(UUID bookingId) {
        return jdbc.sql("SELECT status FROM bookings WHERE id = ?")
                .param(bookingId)
                .query(String.class)
                .single();
    }

    protected int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }
}
