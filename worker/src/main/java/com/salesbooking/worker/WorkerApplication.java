package com.salesbooking.worker;

import com.salesbooking.platform.ProductionProvidersOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Hosts the Temporal workers (production: its own container, scaled on the task-queue backlog). */
@SpringBootApplication(
        scanBasePackages = {
            "com.salesbooking.worker",
            "com.salesbooking.activities",
            "com.salesbooking.platform",
            "com.salesbooking.store",
            "com.salesbooking.providers"
        })
public class WorkerApplication {

    /** The sandbox providers are local mode's (which does not use this class as its configuration). */
    @Bean
    static ProductionProvidersOnly productionProvidersOnly() {
        return new ProductionProvidersOnly("worker");
    }

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
