package com.salesbooking.local;

import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.workflows.booking.BookingSearchAttributes;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What local mode runs beside the application: a real PostgreSQL (embedded binaries) and a real Temporal
 * service (the Java test server, bound to a port, in real time so timers fire when they should; the
 * Temporal CLI or a second process can connect to it).
 */
public final class LocalServices implements AutoCloseable {

    private final EmbeddedDatabase database;
    private final TestServer.PortBoundTestServer temporal;
    private final String databaseUrl;
    private final int temporalPort;

    private LocalServices(EmbeddedDatabase database, String databaseUrl, TestServer.PortBoundTestServer temporal, int temporalPort) {
        this.database = database;
        this.databaseUrl = databaseUrl;
        this.temporal = temporal;
        this.temporalPort = temporalPort;
    }

    /**
     * @param databasePort 0 for any free port
     * @param temporalPort the Temporal frontend port (7233 by default, like a real server)
     */
    public static LocalServices start(int databasePort, int temporalPort) {
        EmbeddedDatabase database = EmbeddedDatabase.start(databasePort);
        String url = database.jdbcUrl("postgres");
        TestServer.PortBoundTestServer temporal;
        try {
            temporal = TestServer.createPortBoundServer(temporalPort);
        } catch (RuntimeException e) {
            database.close();
            throw new IllegalStateException("could not start the local Temporal service on port " + temporalPort
                    + " (is another instance running? set LOCAL_TEMPORAL_PORT)", e);
        }
        try {
            registerSearchAttributes("127.0.0.1:" + temporalPort);
        } catch (RuntimeException e) {
            temporal.close();
            database.close();
            throw e;
        }
        return new LocalServices(database, url, temporal, temporalPort);
    }

    private static void registerSearchAttributes(String target) {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
                OperatorServiceStubsOptions.newBuilder().setTarget(target).validateAndBuildWithDefaults());
        try {
            AddSearchAttributesRequest.Builder request = AddSearchAttributesRequest.newBuilder().setNamespace("default");
            for (SearchAttributeKey<?> key : BookingSearchAttributes.ALL) {
                request.putSearchAttributes(key.getName(), key.getValueType());
            }
            operator.blockingStub().addSearchAttributes(request.build());
        } finally {
            operator.shutdown();
        }
    }

    /**
     * The settings that point the application at these services, plus local mode's sandbox providers.
     *
     * @param environment the process environment: {@code PORT} (8080) is where the api listens, and the links in
     *                    emails follow it unless {@code BASE_URL} names another address (a tunnel, a proxy)
     */
    public Map<String, String> applicationProperties(Map<String, String> environment) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", databaseUrl);
        p.put("spring.datasource.username", database.username());
        p.put("spring.datasource.password", database.password());
        p.put("spring.liquibase.enabled", "true");
        // local: the demo tenants (tests have them too); local-mode: a past booking to try attendance on
        p.put("spring.liquibase.contexts", "local,local-mode");
        p.put("booking.temporal.address", "127.0.0.1:" + temporalPort);
        p.put("booking.providers.mode", "sandbox");
        String port = environment.getOrDefault("PORT", "8080");
        p.put("server.port", port);
        // set here, not in local.yml: values of the imported booking-defaults.yml would win over the yml
        String baseUrl = environment.getOrDefault("BASE_URL", "http://localhost:" + port);
        p.put("booking.base-url", baseUrl);
        p.put("booking.webhook-base-url", environment.getOrDefault("WEBHOOK_BASE_URL", baseUrl));
        // a fresh random signing key per start: local links stop working after a restart, which is fine here
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        p.put("booking.tokens.signing-keys", "local:" + Base64.getEncoder().encodeToString(secret));
        p.put("booking.tokens.active-key-id", "local");
        return p;
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public int temporalPort() {
        return temporalPort;
    }

    @Override
    public void close() {
        try {
            temporal.close();
        } finally {
            database.close();
        }
    }
}
