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

/**
 * Local mode: the whole system in one JVM on port 8080: embedded PostgreSQL, the Temporal service, the
 * workers, the api, and sandbox providers. No Docker, no installed services, no configuration.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = {"com.salesbooking.api", "com.salesbooking.worker", "com.salesbooking.activities",
        "com.salesbooking.platform", "com.salesbooking.store", "com.salesbooking.providers", "com.salesbooking.local"},
        excludeFilters = {
                @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
                @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
                // the two production entry points: their own scans would duplicate this one
                @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = {ApiApplication.class, WorkerApplication.class})})
public class LocalApplication {

    private static final Logger log = LoggerFactory.getLogger(LocalApplication.class);

    public static void main(String[] args) {
        int temporalPort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_TEMPORAL_PORT", "7233"));
        int databasePort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_DATABASE_PORT", "0"));
        // loopback unless the developer opens it on purpose (e.g. 0.0.0.0 to reach it from another machine)
        String bindAddress = System.getenv().getOrDefault("LOCAL_BIND_ADDRESS", LocalServices.DEFAULT_BIND_ADDRESS);
        LocalServices services;
        try {
            services = LocalServices.start(databasePort, temporalPort, bindAddress);
        } catch (RuntimeException e) {
            log.error("local mode could not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        // system properties outrank the yml files (including the imported booking-defaults.yml)
        services.applicationProperties().forEach(System::setProperty);
        System.setProperty("spring.config.name", "local");
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplication(LocalApplication.class).run(args);
        } catch (RuntimeException e) {
            // Spring has reported why; the embedded services hold non-daemon threads, so stop them explicitly
            services.close();
            System.exit(1);
            return;
        }
        context.registerShutdownHook();
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "local-services-stop"));
        log.info("local mode is up: api http://{}:{} , Temporal {} , PostgreSQL {}", bindAddress,
                context.getEnvironment().getProperty("local.server.port"), services.temporalAddress(), services.databaseUrl());
    }
}
