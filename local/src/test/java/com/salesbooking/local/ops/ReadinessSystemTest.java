package com.salesbooking.local.ops;

import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.platform.health.TemporalHealthIndicator;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the database, with the production health settings (booking-defaults.yml: the readiness group
 * is readinessState, db, temporal). The application here is the health part only (actuator, datasource, the Temporal
 * indicator) on a real port, in a context of its own, with a fresh database of the shared embedded PostgreSQL.
 *
 * <p>Why not the whole system (SystemTestSupport): its workers share one time-skipping Temporal service with every
 * other system test, and the demo salespersons' subscription workflows run on whichever context started first. An
 * outage in one context's database leaves activities of that shared service in flight, which locks time skipping
 * and made a later test's 11-minute skip take ten real minutes. Without workers nothing else is touched.
 *
 * <p>The outage: the server, shared by other tests, is never stopped; this one database refuses connections
 * ({@code ALLOW_CONNECTIONS false}) and its open connections are terminated. Recovery: connections allowed again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadinessSystemTest {

    /**
     * Bounded waits. Azure takes a replica out after 15 s (a probe every 5 s, 3 misses), but CI shares a busy 2-core
     * machine: the bound is generous, and a wait ends as soon as the expected state is reached.
     */
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestWorkflowEnvironment temporal;
    private static ConfigurableApplicationContext app;
    private static String database;
    private static int port;
    private static boolean temporalClosed;

    /** The health part of the app: auto-configuration (actuator, datasource) plus the Temporal indicator. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(TemporalHealthIndicator.class)
    static class HealthOnly {
        @Bean
        WorkflowClient workflowClient() {
            return temporal.getWorkflowClient();
        }
    }

    @BeforeAll
    static void start() {
        // a Temporal service of its own: the indicator is part of the group and must be UP for readiness to be
        temporal = TestWorkflowEnvironment.newInstance();
        String url = EmbeddedDatabase.shared().newDatabase();
        database = url.substring(url.lastIndexOf('/') + 1);
        // command-line arguments: they outrank booking-defaults.yml, whose production placeholders are empty here
        app = new SpringApplicationBuilder(HealthOnly.class)
                .run(
                        // the production settings file itself, not a copy of its management section
                        "--spring.config.name=booking-defaults",
                        // human-readable lines, as the other tests of this JVM write
                        "--logging.structured.format.console=",
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username="
                                + EmbeddedDatabase.shared().username(),
                        "--spring.datasource.password="
                                + EmbeddedDatabase.shared().password(),
                        // Hikari waits 30 s for a connection by default, far beyond the probe's 3 s; 1 s keeps each
                        // check short while the database is away (Hikari's minimum is 250 ms)
                        "--spring.datasource.hikari.connection-timeout=1000",
                        "--spring.datasource.hikari.validation-timeout=1000",
                        "--spring.liquibase.enabled=false",
                        // the settings BookingProperties requires; none of them is used here
                        "--booking.base-url=http://booking.test",
                        "--booking.temporal.address=127.0.0.1:7233",
                        "--booking.tokens.signing-keys=test:"
                                + Base64.getEncoder().encodeToString(new byte[32]),
                        "--booking.tokens.active-key-id=test");
        port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (temporal != null && !temporalClosed) {
            temporal.close();
        }
    }

    @Test
    @Order(1)
    void readinessGoesDownWithTheDatabaseAndUpWhenItReturnsWhileLivenessStaysUp() throws SQLException {
        assertThat(database)
                .as("this test's own database, never the template")
                .startsWith("booking_")
                .isNotEqualTo("booking_template");
        Answer ready = get("/actuator/health/readiness");
        assertThat(ready.status()).as("readiness at start: %s", ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"UP\"");

        try {
            admin(
                    "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            Answer down = waitFor("/actuator/health/readiness", status -> status == 503);
            assertThat(down.body()).contains("\"DOWN\"");
            assertThat(get("/actuator/health/liveness").status())
                    .as("liveness ignores the database")
                    .isEqualTo(200);
        } finally {
            admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }

        Answer up = waitFor("/actuator/health/readiness", status -> status == 200);
        assertThat(up.body()).contains("\"UP\"");
    }

    /** Last: it ends this test's own Temporal service for good. */
    @Test
    @Order(2)
    void readinessGoesDownWhenTemporalIsGoneWhileLivenessStaysUp() {
        assertThat(app.getEnvironment().getProperty("management.endpoint.health.group.readiness.include"))
                .as("the group of booking-defaults.yml")
                .isEqualTo("readinessState,db,temporal");
        assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);

        temporal.close();
        temporalClosed = true;

        Answer down = waitFor("/actuator/health/readiness", status -> status == 503);
        assertThat(down.body()).contains("\"DOWN\"");
        assertThat(get("/actuator/health/liveness").status())
                .as("liveness ignores Temporal")
                .isEqualTo(200);
    }

    record Answer(int status, String body) {}

    private static Answer get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs statements as the superuser on the server's maintenance database. */
    private static void admin(String... statements) throws SQLException {
        EmbeddedDatabase server = EmbeddedDatabase.shared();
        try (Connection c =
                        DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static Answer waitFor(String path, IntPredicate expected) {
        return Awaitility.await("an expected answer from " + path)
                .atMost(MAX_WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> get(path), answer -> expected.test(answer.status()));
    }
}
