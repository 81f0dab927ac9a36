package com.salesbooking.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Hosts the Temporal workers (production: its own container, scaled on the task-queue backlog). */
@SpringBootApplication(scanBasePackages = {"com.salesbooking.worker", "com.salesbooking.activities", "com.salesbooking.platform", "com.salesbooking.store",
        "com.salesbooking.providers"})
public class WorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
