package com.salesbooking.local;

import com.salesbooking.api.ApiApplication;
import com.salesbooking.worker.WorkerApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Local mode: the whole system in one JVM on port 8080: embedded PostgreSQL, the Temporal service, the
 * workers, the api, and sandbox providers. No Docker, no installed services, no configuration.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
        basePackages = {
            "com.salesbooking.api",
            "com.salesbooking.worker",
            "com.salesbooking.activities",
            "com.salesbooking.platform",
            "com.salesbooking.store",
            "com.salesbooking.providers",
            "com.salesbooking.local"
        },
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
            // the two production entry points: their own scans would duplicate this one
            @ComponentScan.Filter(
                    type = FilterType.ASSIGNABLE_TYPE,
                    classes = {ApiApplication.class, WorkerApplication.class})
        })
public class LocalApplication {

    private static final Logger log = LoggerFactory.getLogger(LocalApplication.class);

    /**
     * The embedded services' own chatter (initdb output, server start, the operator client) comes before Spring's
     * logging settings apply, so it is quietened here; local.yml keeps it at the same level afterwards. Set
     * {@code LOCAL_VERBOSE=true} to see it.
     */
    static final List<String> SETUP_LOGGERS = List.of(
            "io.zonky.test.db.postgres", "io.temporal.serviceclient", "io.temporal.internal.testservice", "liquibase");

    public static void main(String[] args) {
        if (Boolean.parseBoolean(System.getenv().getOrDefault("LOCAL_VERBOSE", "false"))) {
            // local.yml's levels for the same loggers
            System.setProperty("LOCAL_SETUP_LOG_LEVEL", "INFO");
        } else if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            SETUP_LOGGERS.forEach(name -> logback.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN));
        }
        Running running;
        try {
            running = start(System.getenv(), args);
        } catch (RuntimeException e) {
            log.error("local mode could not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        running.context().registerShutdownHook();
        Runtime.getRuntime().addShutdownHook(new Thread(running.services()::close, "local-services-stop"));
        log.info(banner(
                running.context().getEnvironment().getProperty("server.address", "localhost"),
                running.context().getEnvironment().getProperty("local.server.port"),
                running.services()));
    }

    /** The one banner of local mode: where everything is. */
    static String banner(String address, String port, LocalServices services) {
        String api = "http://" + address + ":" + port;
        return String.join(
                System.lineSeparator(),
                "local mode is up",
                "  api           " + api + "   (tenants acme, globex)",
                "  OpenAPI       " + api + "/v3/api-docs   Swagger UI " + api + "/swagger-ui.html",
                "  sandbox       " + api + "/dev/outbox?to=<email>   " + api + "/dev/sandbox/zoom/meetings",
                "  health        " + api + "/actuator/health   metrics " + api + "/actuator/prometheus",
                "  Temporal      " + services.temporalAddress()
                        + "   (temporal workflow show|describe --workflow-id booking-<id> --address "
                        + services.temporalAddress() + ")",
                "  PostgreSQL    " + services.databaseUrl());
    }

    /** Local mode's embedded services and the application using them; closing it stops both. */
    public record Running(LocalServices services, ConfigurableApplicationContext context) implements AutoCloseable {
        @Override
        public void close() {
            try {
                context.close();
            } finally {
                services.close();
            }
        }
    }

    /**
     * Starts the embedded services, then the application pointed at them.
     *
     * @param environment {@code PORT}, {@code LOCAL_TEMPORAL_PORT}, {@code LOCAL_DATABASE_PORT}, {@code LOCAL_BIND_ADDRESS},
     *                    {@code BASE_URL}
     *                    ... (README, "Quick start"); tests pass their own map instead of the process environment
     */
    public static Running start(Map<String, String> environment, String... args) {
        int temporalPort = Integer.parseInt(environment.getOrDefault("LOCAL_TEMPORAL_PORT", "7233"));
        int databasePort = Integer.parseInt(environment.getOrDefault("LOCAL_DATABASE_PORT", "0"));
        // loopback unless the developer opens it on purpose (e.g. 0.0.0.0 to reach it from another machine)
        String bindAddress = environment.getOrDefault("LOCAL_BIND_ADDRESS", LocalServices.DEFAULT_BIND_ADDRESS);
        LocalServices services = LocalServices.start(databasePort, temporalPort, bindAddress);
        // as command-line arguments: they outrank the yml files (including the imported booking-defaults.yml)
        List<String> arguments = new ArrayList<>();
        services.applicationProperties(environment).forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--spring.config.name=local");
        arguments.addAll(List.of(args));
        try {
            return new Running(
                    services, new SpringApplication(LocalApplication.class).run(arguments.toArray(String[]::new)));
        } catch (RuntimeException e) {
            // Spring has reported why; the embedded services hold non-daemon threads, so stop them explicitly
            services.close();
            throw e;
        }
    }
}
