package com.salesbooking.api.booking;

import com.salesbooking.api.availability.AvailabilityProperties;
import com.salesbooking.api.availability.AvailabilityService;
import com.salesbooking.api.booking.BookingRequests.ValidHold;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.idempotency.IdempotencyService;
import com.salesbooking.api.tenant.PublicTenants;
import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.platform.token.TokenService;
import com.salesbooking.providers.sandbox.SandboxCalendarProvider;
import com.salesbooking.providers.sandbox.SandboxFaults;
import com.salesbooking.providers.zoom.MutableClock;
import com.salesbooking.store.availability.LiveBookings;
import com.salesbooking.store.booking.AuditTrail;
import com.salesbooking.store.booking.BookingDetails;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.idempotency.IdempotencyKeys;
import com.salesbooking.store.notification.ConfirmationEmails;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.workflows.booking.BookingSearchAttributes;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hold rules of {@link BookingService} at its own level: the real store, idempotency and availability on the
 * embedded PostgreSQL, the real {@link BookingWorkflows} against Temporal's test service (no worker: a started
 * workflow simply waits), and the sandbox's Graph calendar (no busy times). Only the Temporal boundary is replaced, in the
 * one test that needs the workflow start to fail.
 */
class BookingServiceTest {

    private static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    /** Monday 2027-03-01 09:00 Berlin. */
    private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    /** Wednesday 2027-03-03, 10:00-11:00 Berlin: a free slot of any new salesperson on the tenant's hours. */
    private static final Instant START = Instant.parse("2027-03-03T09:00:00Z");

    private static final Instant END = START.plusSeconds(3600);

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static TestWorkflowEnvironment temporal;
    private static BookingProperties properties;

    private final MutableClock clock = new MutableClock(NOW);
    private UUID seller;
    private Tenant acme;
    private BookingStore store;
    private BookingWorkflows workflows;

    @BeforeAll
    static void services() {
        EmbeddedDatabase server = EmbeddedDatabase.shared();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.newDatabase());
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        jdbc = JdbcClient.create(dataSource);
        TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder();
        for (var key : BookingSearchAttributes.ALL) {
            options.registerSearchAttribute(key.getName(), key.getValueType());
        }
        temporal = TestWorkflowEnvironment.newInstance(options.build());
        properties = properties();
    }

    @AfterAll
    static void close() {
        temporal.close();
        dataSource.close();
    }

    @BeforeEach
    void salesperson() {
        seller = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO salespersons (id, tenant_id, graph_user_id, display_name, timezone, active)
                        VALUES (?, ?, ?, 'Seller', 'Europe/Berlin', true)""").params(seller, ACME, "seller-" + seller).update();
        acme = new TenantDirectory(jdbc).tenant(ACME).orElseThrow();
        store = new BookingStore(
                jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new AuditTrail(jdbc),
                clock);
        workflows = new BookingWorkflows(temporal.getWorkflowClient(), properties);
    }

    private BookingService service(BookingWorkflows temporalBoundary) {
        TenantDirectory directory = new TenantDirectory(jdbc);
        AvailabilityService availability = new AvailabilityService(
                new SandboxCalendarProvider(new SandboxFaults()),
                new LiveBookings(jdbc),
                directory,
                clock,
                AvailabilityProperties.defaults());
        return new BookingService(
                new PublicTenants(directory),
                directory,
                store,
                new BookingDetails(store, directory, jdbc),
                temporalBoundary,
                new IdempotencyService(
                        new IdempotencyKeys(jdbc), JsonMapper.builder().build(), clock),
                new TokenService(properties, clock),
                new AvailabilityHoldSlotRules(availability),
                properties,
                clock,
                new BookingMetrics(new SimpleMeterRegistry()),
                new ClientHoldLimiter(properties, clock),
                new ConfirmationEmails(jdbc));
    }

    @Test
    void aHoldIsInsertedItsWorkflowStartedAndItsKeyAnswersTheSameAgain() {
        BookingService service = service(workflows);
        String key = key();

        ResponseEntity<String> first = service.hold(acme, hold(START, "ann@example.com"), key, "192.0.2.1");
        ResponseEntity<String> again = service.hold(acme, hold(START, "ann@example.com"), key, "192.0.2.1");

        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(201);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        List<BookingRecord> bookings = bookingsOf(seller);
        assertThat(bookings).hasSize(1);
        assertThat(first.getBody()).contains(bookings.get(0).id().toString());
        assertThat(temporal.getWorkflowClient()
                        .getWorkflowServiceStubs()
                        .blockingStub()
                        .describeWorkflowExecution(
                                io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                                        .setNamespace("default")
                                        .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                                .setWorkflowId("booking-"
                                                        + bookings.get(0).id()))
                                        .build())
                        .getWorkflowExecutionInfo()
                        .getStatus())
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }

    @Test
    void aTakenSlotIs409SlotTakenAndThatAnswerIsKeptUnderItsKey() {
        BookingService service = service(workflows);
        service.hold(acme, hold(START, "first@example.com"), key(), "192.0.2.1");
        String key = key();

        ResponseEntity<String> taken = service.hold(acme, hold(START, "second@example.com"), key, "192.0.2.2");

        assertThat(taken.getStatusCode().value()).isEqualTo(409);
        assertThat(taken.getBody()).contains("\"slot_taken\"");
        assertThat(keyRows(key)).isEqualTo(1);
        assertThat(bookingsOf(seller)).hasSize(1);
    }

    @Test
    void anUnknownSalespersonIs404AndLeavesNoKeyBehind() {
        BookingService service = service(workflows);
        String key = key();
        ValidHold nobody = new ValidHold(UUID.randomUUID(), START, END, "ann@example.com", null, null);

        assertThatThrownBy(() -> service.hold(acme, nobody, key, "192.0.2.1"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SALESPERSON_NOT_FOUND));
        assertThat(keyRows(key)).isZero();
    }

    @Test
    void theEmailsFourthUnconfirmedHoldIs429WritesNothingAndItsKeyIsFreeForARetry() {
        BookingService service = service(workflows);
        for (int hour = 0; hour < 3; hour++) {
            assertThat(service.hold(
                                    acme,
                                    hold(START.plusSeconds(7200L * hour), "squat@example.com"),
                                    key(),
                                    "192.0.2.1")
                            .getStatusCode()
                            .value())
                    .isEqualTo(201);
        }
        String key = key();

        ResponseEntity<String> fourth =
                service.hold(acme, hold(START.plusSeconds(7200L * 3), "SQUAT@example.com"), key, "192.0.2.1");

        assertThat(fourth.getStatusCode().value()).isEqualTo(429);
        assertThat(fourth.getBody()).contains("\"rate_limited\"");
        assertThat(fourth.getHeaders().getFirst("Retry-After")).isNotNull();
        assertThat(bookingsOf(seller)).hasSize(3);
        assertThat(keyRows(key)).isZero();
    }

    @Test
    void theSameKeyForAnotherSlotIs422() {
        BookingService service = service(workflows);
        String key = key();
        service.hold(acme, hold(START, "ann@example.com"), key, "192.0.2.1");

        assertThatThrownBy(() -> service.hold(acme, hold(START.plusSeconds(7200), "ann@example.com"), key, "192.0.2.1"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        assertThat(bookingsOf(seller)).hasSize(1);
    }

    @Test
    void aHoldWhoseWorkflowStartFailedIs503AndItsRetryGetsTheSameHoldNotSlotTaken() {
        AtomicInteger starts = new AtomicInteger();
        BookingWorkflows failingOnce = new BookingWorkflows(temporal.getWorkflowClient(), properties) {
            @Override
            public void start(BookingRecord booking, Tenant tenant) {
                if (starts.incrementAndGet() == 1) {
                    throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Temporal is away", null, null);
                }
                super.start(booking, tenant);
            }
        };
        BookingService service = service(failingOnce);
        String key = key();

        ResponseEntity<String> first = service.hold(acme, hold(START, "ann@example.com"), key, "192.0.2.1");

        assertThat(first.getStatusCode().value()).isEqualTo(503);
        // a 503 is not the request's outcome: the key is given back for the retry; the hold stays committed
        assertThat(keyRows(key)).isZero();
        assertThat(bookingsOf(seller)).hasSize(1);

        ResponseEntity<String> retry = service.hold(acme, hold(START, "ann@example.com"), key, "192.0.2.1");

        assertThat(retry.getStatusCode().value()).as(retry.getBody()).isEqualTo(201);
        assertThat(bookingsOf(seller))
                .singleElement()
                .satisfies(b -> assertThat(retry.getBody()).contains(b.id().toString()));
        assertThat(starts).hasValue(2);
    }

    private List<BookingRecord> bookingsOf(UUID salesperson) {
        return jdbc
                .sql("SELECT id FROM bookings WHERE salesperson_id = ?")
                .param(salesperson)
                .query(UUID.class)
                .list()
                .stream()
                .map(id -> store.find(id).orElseThrow())
                .toList();
    }

    private int keyRows(String key) {
        return jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE key = ?")
                .param(key)
                .query(Integer.class)
                .single();
    }

    private ValidHold hold(Instant start, String email) {
        return new ValidHold(seller, start, start.plusSeconds(3600), email, "Ann", null);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    /** The production defaults (booking-defaults.yml) with what a test must set. */
    private static BookingProperties properties() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "test",
                        Map.of(
                                "booking.base-url", "https://book.example.com",
                                "booking.temporal.address", "127.0.0.1:7233",
                                "booking.tokens.signing-keys",
                                        "test:"
                                                + java.util.Base64.getEncoder()
                                                        .encodeToString("a-test-signing-key-of-32-bytes!!".getBytes()),
                                "booking.tokens.active-key-id", "test")));
        try {
            new YamlPropertySourceLoader()
                    .load("defaults", new ClassPathResource("booking-defaults.yml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(environment).bind("booking", BookingProperties.class).get();
    }
}
