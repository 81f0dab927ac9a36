package com.salesbooking.local.providers;

import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.salesbooking.local.LocalApplication;
import com.salesbooking.local.system.NoPersonalDataInWorkflowHistories;
import com.salesbooking.local.system.SystemTestSupport;
import com.salesbooking.local.system.SystemTestSupport.Response;
import com.salesbooking.providers.graph.GraphClientFactory;
import com.salesbooking.providers.graph.GraphProperties;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * The whole system in one JVM (api, worker, embedded PostgreSQL, time-skipping Temporal) with
 * {@code booking.providers.mode=real}: the production Zoom and Microsoft Graph adapters talk real HTTP to
 * loopback fakes ({@link ZoomHttpFake}, {@link GraphHttpFake}) on random ports.
 *
 * <p>Graph authentication: the production {@code GraphClientFactory.withClientSecret} needs Entra ID, and
 * azure-identity accepts only an https authority host; that path is covered on its own by
 * GraphClientFactoryTest. Here a {@code @Primary} {@link GraphClientFactory} built with the adapter's public
 * constructor authenticates with the fixed bearer token {@code graph-token-for-<Entra tenant id>}, so everything
 * from the Graph SDK's request building to the fake's answer is production code, and the token proves the
 * tenant's Entra id was taken from the database. Zoom needs no such help: its token endpoint is plain
 * {@code booking.zoom.token-url}, so the production OAuth flow runs against the fake.
 *
 * <p>The Temporal test service, its client and clock come from {@link SystemTestSupport.TemporalTestBeans} (one
 * per context, starting Monday 2027-03-01 08:00 UTC), with a task queue of its own.
 */
@SpringBootTest(
        classes = {
            LocalApplication.class,
            SystemTestSupport.TemporalTestBeans.class,
            RealProvidersTestSupport.TestBeans.class
        },
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(NoPersonalDataInWorkflowHistories.class)
@ExtendWith(com.salesbooking.local.system.ServedContract.class)
abstract class RealProvidersTestSupport {

    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    static final String ACME_ENTRA_TENANT = "acme-m365-tenant";
    static final String ACME_MAILBOX = "bookings@acme.example";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String ZOOM_ACCOUNT = "zoom-account-test";
    static final String ZOOM_CLIENT = "zoom-client-test";
    static final String ZOOM_SECRET = "zoom-secret-test";

    /** One pair of fakes per JVM: a cached Spring context keeps calling them (subscriptions) after a class ends. */
    static final ZoomHttpFake ZOOM = new ZoomHttpFake();

    static final GraphHttpFake GRAPH = new GraphHttpFake();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            ZOOM.close();
                            GRAPH.close();
                        },
                        "provider-fakes-stop"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SystemTestSupport.registerLocalStack(registry);
        registry.add("booking.providers.mode", () -> "real");
        registry.add("booking.zoom.base-url", ZOOM::baseUrl);
        registry.add("booking.zoom.token-url", ZOOM::tokenUrl);
        registry.add("booking.zoom.account-id", () -> ZOOM_ACCOUNT);
        registry.add("booking.zoom.client-id", () -> ZOOM_CLIENT);
        registry.add("booking.zoom.client-secret", () -> ZOOM_SECRET);
        registry.add("booking.graph.base-url", GRAPH::baseUrl);
        registry.add("booking.graph.client-id", () -> "graph-client-test");
        registry.add("booking.graph.client-secret", () -> "graph-secret-test");
        registry.add(
                "booking.tokens.signing-keys",
                () -> "test:" + Base64.getEncoder().encodeToString(new byte[32]));
        registry.add("booking.tokens.active-key-id", () -> "test");
        registry.add("booking.base-url", () -> "http://booking.test");
        registry.add("booking.webhook-base-url", () -> "https://hooks.booking.test");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        /** Graph calls authenticate with a fixed bearer token per Entra tenant (see the class comment). */
        @Bean
        @Primary
        GraphClientFactory loopbackGraphClientFactory(GraphProperties properties) {
            return new GraphClientFactory(
                    properties,
                    entraTenantId -> new BaseBearerTokenAuthenticationProvider(new AccessTokenProvider() {
                        @Override
                        public String getAuthorizationToken(URI uri, Map<String, Object> additionalContext) {
                            return "graph-token-for-" + entraTenantId;
                        }

                        @Override
                        public AllowedHostsValidator getAllowedHostsValidator() {
                            return new AllowedHostsValidator("127.0.0.1");
                        }
                    }));
        }
    }

    @LocalServerPort
    protected int port;
    /** This context's time-skipping Temporal service (from SystemTestSupport.TemporalTestBeans). */
    @Autowired
    protected TestWorkflowEnvironment temporal;

    @Autowired
    protected JdbcClient jdbc;

    protected Instant now() {
        return Instant.ofEpochMilli(temporal.currentTimeMillis());
    }

    protected Response post(String path, String idempotencyKey, String jsonBody) {
        return SystemTestSupport.exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** A whole-hour slot at {@code hour} Berlin time on the {@code weekdaysAhead}-th weekday after the test clock's today. */
    protected Instant slot(int weekdaysAhead, int hour) {
        return SystemTestSupport.weekdaySlot(now(), BERLIN, weekdaysAhead, hour);
    }

    /** A new active acme salesperson in Europe/Berlin whose Graph user id is a UPN; returns id and Graph user id. */
    protected Seller newSeller() {
        UUID id = UUID.randomUUID();
        String graphUserId = "seller-" + id + "@acme.example";
        SystemTestSupport.insertSalesperson(jdbc, id, ACME, graphUserId, BERLIN);
        return new Seller(id, graphUserId);
    }

    record Seller(UUID id, String graphUserId) {}

    protected static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    protected static String key() {
        return UUID.randomUUID().toString();
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

    /** Polls (bounded by SystemTestSupport.PATIENCE) until {@code probe} yields a value: for effects that arrive asynchronously. */
    protected static <T> T eventually(String what, Supplier<Optional<T>> probe) {
        return await(what)
                .atMost(com.salesbooking.local.system.SystemTestSupport.PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(probe::get, Optional::isPresent)
                .orElseThrow();
    }
}
