package com.salesbooking.local;

import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.workflows.booking.BookingSearchAttributes;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What local mode runs beside the application: a real PostgreSQL (embedded binaries) and a real Temporal
 * service (the Java test server, bound to a port, in real time so timers fire when they should; the
 * Temporal CLI or a second process can connect to it).
 *
 * <p>Everything listens on the loopback interface unless {@code LOCAL_BIND_ADDRESS} says otherwise: the sandbox
 * serves every magic link at {@code /dev/outbox} and Temporal's frontend has no authentication, so nothing of local
 * mode is reachable from the network by default.
 */
public final class LocalServices implements AutoCloseable {

    /** Where local mode listens unless {@code LOCAL_BIND_ADDRESS} is set. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    private final EmbeddedDatabase database;
    private final TestServicesStarter temporalServices;
    private final Server temporal;
    private final String databaseUrl;
    private final String temporalHost;
    private final int temporalPort;
    private final String bindAddress;

    private LocalServices(
            EmbeddedDatabase database,
            String databaseUrl,
            TestServicesStarter temporalServices,
            Server temporal,
            String temporalHost,
            int temporalPort,
            String bindAddress) {
        this.bindAddress = bindAddress;
        this.database = database;
        this.databaseUrl = databaseUrl;
        this.temporalServices = temporalServices;
        this.temporal = temporal;
        this.temporalHost = temporalHost;
        this.temporalPort = temporalPort;
    }

    /**
     * @param databasePort 0 for any free port
     * @param temporalPort the Temporal frontend port (7233 by default, like a real server; 0 for any free port)
     * @param bindAddress  the interface the Temporal frontend listens on ({@link #DEFAULT_BIND_ADDRESS}: loopback only)
     */
    public static LocalServices start(int databasePort, int temporalPort, String bindAddress) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("LOCAL_BIND_ADDRESS is not an address of this host: " + bindAddress, e);
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(databasePort);
        String url = database.jdbcUrl("postgres");
        // what TestServer.createPortBoundServer does, but on one interface instead of all of them
        // true: time skipping locked, as createPortBoundServer does: local mode runs in real time (unlocked, every
        // timer fires at once and a hold expires the moment it is placed)
        TestServicesStarter services = new TestServicesStarter(true, 0);
        Server temporal;
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(
                    new InetSocketAddress(bind, temporalPort), InsecureServerCredentials.create());
            GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
            temporal = builder.build().start();
        } catch (IOException | RuntimeException e) {
            services.close();
            database.close();
            throw new IllegalStateException(
                    "could not start the local Temporal service on " + bindAddress + ":" + temporalPort
                            + " (is another instance running? set LOCAL_TEMPORAL_PORT)",
                    e);
        }
        // a wildcard bind is reached through loopback; a specific address only through itself
        String host = bind.isAnyLocalAddress() || bind.isLoopbackAddress() ? "127.0.0.1" : bind.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        int port = temporal.getPort();
        try {
            registerSearchAttributes(host + ":" + port);
        } catch (RuntimeException e) {
            temporal.shutdownNow();
            services.close();
            database.close();
            throw e;
        }
        return new LocalServices(database, url, services, temporal, host, port, bindAddress);
    }

    private static void registerSearchAttributes(String target) {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
                OperatorServiceStubsOptions.newBuilder().setTarget(target).validateAndBuildWithDefaults());
        try {
            AddSearchAttributesRequest.Builder request =
                    AddSearchAttributesRequest.newBuilder().setNamespace("default");
            for (SearchAttributeKey<?> key : BookingSearchAttributes.ALL) {
                request.putSearchAttributes(key.getName(), key.getValueType());
            }
            operator.blockingStub().addSearchAttributes(request.build());
        } finally {
            operator.shutdown();
        }
    }

    /** {@code local-operator-key}, labelled {@code local}, by its SHA-256. */
    public static final String LOCAL_OPERATOR_KEYS =
            "local=sha256:" + java.util.HexFormat.of().formatHex(sha256("local-operator-key"));

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
        p.put("booking.temporal.address", temporalHost + ":" + temporalPort);
        p.put("booking.providers.mode", "sandbox");
        String port = environment.getOrDefault("PORT", "8080");
        p.put("server.port", port);
        // the api on the same interface as Temporal: loopback unless LOCAL_BIND_ADDRESS opens it
        p.put("server.address", bindAddress);
        // set here, not in local.yml: values of the imported booking-defaults.yml would win over the yml
        String baseUrl = environment.getOrDefault("BASE_URL", "http://localhost:" + port);
        p.put("booking.base-url", baseUrl);
        p.put("booking.webhook-base-url", environment.getOrDefault("WEBHOOK_BASE_URL", baseUrl));
        // a fresh random signing key per start: local links stop working after a restart, which is fine here
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        p.put("booking.tokens.signing-keys", "local:" + Base64.getEncoder().encodeToString(secret));
        p.put("booking.tokens.active-key-id", "local");
        // the operator's key of local mode is local-operator-key (README); configured by its hash, as in production
        p.put("booking.operator.api-keys", environment.getOrDefault("OPERATOR_API_KEYS", LOCAL_OPERATOR_KEYS));
        return p;
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public int temporalPort() {
        return temporalPort;
    }

    /** The Temporal frontend's {@code host:port} as clients reach it. */
    public String temporalAddress() {
        return temporalHost + ":" + temporalPort;
    }

    @Override
    public void close() {
        try {
            temporal.shutdown();
            try {
                // as TestServer's own port-bound server: a few seconds for open calls, then it is closed regardless
                temporal.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            temporalServices.close();
        } finally {
            database.close();
        }
    }
}
