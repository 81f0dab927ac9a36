package com.salesbooking.local.bench;

import com.salesbooking.local.LocalApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

/**
 * Local mode for a benchmark harness: embedded PostgreSQL, the port-bound Temporal service, workers and api in
 * this JVM, every port random and on loopback (a local instance may run beside it), and quiet logs so the
 * figures stay readable.
 */
public final class BenchmarkSystem implements AutoCloseable {

    private final LocalApplication.Running running;

    private BenchmarkSystem(LocalApplication.Running running) {
        this.running = running;
    }

    public static BenchmarkSystem start() {
        // port 0: any free port, for the api and the Temporal frontend (the links in emails are not used here)
        LocalApplication.Running running = LocalApplication.start(
                // local mode listens on loopback by default (LOCAL_BIND_ADDRESS): a second --server.address would be
                // joined to it ("127.0.0.1,127.0.0.1") and fail the start
                Map.of("LOCAL_TEMPORAL_PORT", "0", "PORT", "0"),
                // the harness is one client placing thousands of holds
                "--booking.limits.max-holds-per-client=1000000",
                "--logging.level.com.salesbooking=WARN",
                "--logging.level.io.temporal=ERROR");
        return new BenchmarkSystem(running);
    }

    /** A harness's measurements, printed to standard output. */
    @FunctionalInterface
    public interface Harness {
        void run(BenchmarkSystem system) throws Exception;
    }

    /**
     * Starts local mode, runs the harness on it, stops it and ends the JVM: exit code 0 when the harness finished, 1
     * when it threw (the stack trace printed).
     */
    public static void runAndExit(Harness harness) {
        BenchmarkSystem system = start();
        int exit = 0;
        try {
            harness.run(system);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            system.close();
        }
        System.exit(exit);
    }

    public ConfigurableApplicationContext context() {
        return running.context();
    }

    /** The api's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + running.context().getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        running.close();
    }
}
