package com.salesbooking.local.realtemporal;

import com.salesbooking.local.LocalApplication;
import com.salesbooking.local.system.SystemTestSupport;
import com.salesbooking.providers.sandbox.SandboxCalendarProvider;
import com.salesbooking.providers.sandbox.SandboxFaults;
import com.salesbooking.providers.sandbox.SandboxMailbox;
import com.salesbooking.providers.sandbox.SandboxMeetingProvider;
import com.salesbooking.worker.BookingWorkers;
import com.salesbooking.workflows.booking.BookingSearchAttributes;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local mode's application against a real Temporal server (the Temporal CLI image's {@code server start-dev}, with
 * the booking search attributes registered) and PostgreSQL 17, both in containers: what the Java test server cannot
 * show. Only with {@code -Preal-temporal}; skipped, with the reason, where no Docker engine runs.
 * <ul>
 * <li>a worker stopped in the middle of the confirm saga and a new one started: the real server hands the stopped
 * worker's sticky workflow task to the new worker (no {@code NoStickyWorkflowTasks} client here), and the saga ends
 * with exactly one meeting and one event;</li>
 * <li>{@code ListWorkflowExecutions} by each search attribute finds the booking (the test server has no
 * visibility).</li>
 * </ul>
 * Real time: no time skipping, so nothing here waits for a hold TTL or a deadline.
 */
class RealTemporalSystemTest {

    /** The Temporal CLI image; {@code -Drealtemporal.image=...} pins another. */
    static final String TEMPORAL_IMAGE = System.getProperty("realtemporal.image", "temporalio/temporal:latest");

    static final String POSTGRES_IMAGE = System.getProperty("realtemporal.postgres-image", "postgres:17");
    static final UUID ACME = SystemTestSupport.ACME;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static GenericContainer<?> temporalServer;
    static GenericContainer<?> postgres;
    static ConfigurableApplicationContext app;
    static String base;

    @BeforeAll
    static void start() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            System.out.println("real-temporal: SKIPPED, no Docker engine reachable (Testcontainers found none); "
                    + "these tests need Docker for the Temporal dev server and PostgreSQL containers");
        }
        Assumptions.assumeTrue(
                docker, "no Docker engine: the real-temporal tests need Docker (Temporal dev server, PostgreSQL)");

        postgres = new GenericContainer<>(POSTGRES_IMAGE)
                .withEnv(Map.of("POSTGRES_PASSWORD", "postgres"))
                .withExposedPorts(5432)
                // the image's init restarts the server once: the second "ready" is the real one
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
        List<String> command =
                new java.util.ArrayList<>(List.of("server", "start-dev", "--ip", "0.0.0.0", "--namespace", "default"));
        for (var key : BookingSearchAttributes.ALL) {
            command.add("--search-attribute");
            command.add(key.getName() + "="
                    + switch (key.getValueType()) {
                        case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
                        default -> "Keyword";
                    });
        }
        temporalServer = new GenericContainer<>(TEMPORAL_IMAGE)
                .withCommand(command.toArray(String[]::new))
                .withExposedPorts(7233)
                .waitingFor(Wait.forListeningPort());
        postgres.start();
        temporalServer.start();

        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        app = new SpringApplicationBuilder(LocalApplication.class)
                .run(
                        "--spring.config.name=local",
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:postgresql://" + postgres.getHost() + ":"
                                + postgres.getMappedPort(5432) + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--spring.liquibase.enabled=true",
                        "--spring.liquibase.contexts=local",
                        "--booking.temporal.address=" + temporalServer.getHost() + ":"
                                + temporalServer.getMappedPort(7233),
                        "--booking.temporal.task-queue=booking-" + UUID.randomUUID(),
                        "--booking.temporal.shutdown-grace=PT1S",
                        "--booking.providers.mode=sandbox",
                        "--booking.base-url=http://booking.test",
                        "--booking.tokens.signing-keys=test:"
                                + Base64.getEncoder().encodeToString(secret),
                        "--booking.tokens.active-key-id=test",
                        "--booking.limits.max-holds-per-client=1000000");
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (temporalServer != null) {
            temporalServer.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aWorkerStoppedInTheMiddleOfTheSagaIsReplacedAndTheSagaEndsWithOneMeetingAndOneEvent() throws Exception {
        UUID seller = newSalesperson();
        String email = "rt-restart-" + UUID.randomUUID() + "@example.com";
        Instant start = SystemTestSupport.weekdaySlot(Instant.now(), BERLIN, 3, 10);
        UUID id = pending(seller, start, email);
        String token = token(email, "/verify");
        SandboxFaults faults = app.getBean(SandboxFaults.class);
        // the Zoom call takes 3 s: the worker is stopped while it runs
        faults.delay("zoom", "createMeeting", Duration.ofSeconds(3));
        String key = UUID.randomUUID().toString();
        CompletableFuture<SystemTestSupport.Response> first = CompletableFuture.supplyAsync(() -> confirm(token, key));
        await("the saga is at Zoom").atMost(Duration.ofSeconds(30)).until(() -> faults.callsInDelay() > 0);

        BookingWorkers workers = app.getBean(BookingWorkers.class);
        workers.stop();
        faults.clear();
        workers.start();

        SystemTestSupport.Response answer = first.get();
        if (answer.status() != 200) {
            // the api stopped waiting (503): the same request again gets the saga's outcome
            answer = await("the saga's outcome")
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> confirm(token, key), r -> r.status() == 200);
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(app.getBean(SandboxMeetingProvider.class).meetings().stream()
                        .filter(m -> id.toString().equals(m.bookingId())))
                .as("one Zoom meeting")
                .hasSize(1);
        assertThat(app.getBean(SandboxCalendarProvider.class).events().stream()
                        .filter(e ->
                                e.transactionId() != null && e.transactionId().startsWith("booking-" + id + "-")))
                .as("one Outlook event")
                .hasSize(1);
    }

    @Test
    void listWorkflowExecutionsFindsABookingByEachSearchAttribute() {
        UUID seller = newSalesperson();
        String email = "rt-list-" + UUID.randomUUID() + "@example.com";
        Instant start = SystemTestSupport.weekdaySlot(Instant.now(), BERLIN, 4, 11);
        UUID id = pending(seller, start, email);
        assertThat(confirm(token(email, "/verify"), UUID.randomUUID().toString())
                        .status())
                .isEqualTo(200);
        String workflowId = "booking-" + id;

        for (String query : List.of(
                "TenantId = '" + ACME + "'",
                "SalespersonId = '" + seller + "'",
                "BookingStatus = 'confirmed' AND SalespersonId = '" + seller + "'",
                "SlotStartUtc = '" + start + "'")) {
            // visibility is eventually consistent
            await(query).atMost(Duration.ofSeconds(30)).until(() -> list(query).contains(workflowId));
        }
    }

    private static List<String> list(String query) {
        WorkflowClient client = app.getBean(WorkflowClient.class);
        return client
                .getWorkflowServiceStubs()
                .blockingStub()
                .listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setQuery(query)
                        .build())
                .getExecutionsList()
                .stream()
                .map(e -> e.getExecution().getWorkflowId())
                .toList();
    }

    private static UUID newSalesperson() {
        UUID id = UUID.randomUUID();
        SystemTestSupport.insertSalesperson(
                app.getBean(JdbcClient.class), id, ACME, "seller-" + id + "@example.test", BERLIN);
        return id;
    }

    private static UUID pending(UUID seller, Instant start, String email) {
        SystemTestSupport.Response hold =
                post("/v1/public/acme/holds", UUID.randomUUID().toString(), """
                {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"%s","name":"Pat Doe"}}""".formatted(
                                seller, start, start.plus(Duration.ofHours(1)), email));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        UUID id = UUID.fromString(hold.text("booking_id"));
        SystemTestSupport.Response verify = post(
                "/v1/public/acme/auth/verify-email", UUID.randomUUID().toString(), "{\"booking_id\":\"" + id + "\"}");
        assertThat(verify.status()).as(verify.body()).isEqualTo(200);
        return id;
    }

    private static SystemTestSupport.Response confirm(String token, String key) {
        return post("/v1/public/acme/confirm", key, "{\"token\":\"" + token + "\"}");
    }

    private static final Pattern TOKEN = Pattern.compile("token=([^\\s&]+)");

    private static String token(String email, String path) {
        for (SandboxMailbox.SentMail mail : app.getBean(SandboxMailbox.class).outbox(email)) {
            for (String link : mail.links()) {
                Matcher m = TOKEN.matcher(link);
                if (link.contains(path + "?token=") && m.find()) {
                    return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + path + " link for " + email);
    }

    private static SystemTestSupport.Response post(String path, String key, String body) {
        return SystemTestSupport.exchange(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
