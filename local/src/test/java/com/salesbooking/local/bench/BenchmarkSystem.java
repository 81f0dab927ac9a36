package com.salesbooking.local.bench;

import com.salesbooking.local.LocalApplication;
import com.salesbooking.local.LocalServices;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Local mode for a benchmark harness: embedded PostgreSQL, the port-bound Temporal service, workers and api in
 * this JVM, every port random and on loopback (a local instance may run beside it), and quiet logs so the
 * figures stay readable.
 */
public final class BenchmarkSystem implements AutoCloseable {

    private final LocalServices services;
    private final ConfigurableApplicationContext context;

    private BenchmarkSystem(LocalServices services, ConfigurableApplicationContext context) {
        this.services = services;
        this.context = context;
    }

    public static BenchmarkSystem start() {
        int temporalPort;
        try (ServerSocket s = new ServerSocket(0)) {
            temporalPort = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalServices services = LocalServices.start(0, temporalPort, LocalServices.DEFAULT_BIND_ADDRESS);
        services.applicationProperties().forEach(System::setProperty);
        System.setProperty("spring.config.name", "local");
        System.setProperty("server.port", "0");
        System.setProperty("server.address", "127.0.0.1");
        // the harness is one client placing thousands of holds
        System.setProperty("booking.limits.max-holds-per-client", "1000000");
        System.setProperty("logging.level.com.salesbooking", "WARN");
        System.setProperty("logging.level.io.temporal", "ERROR");
        return new BenchmarkSystem(services, new SpringApplication(LocalApplication.class).run());
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** The api's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            services.close();
        }
    }
}
