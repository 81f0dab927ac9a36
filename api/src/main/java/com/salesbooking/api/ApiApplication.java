package com.salesbooking.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The HTTP api on its own (production). Local mode runs it together with the worker in one JVM. */
@SpringBootApplication(scanBasePackages = {"com.salesbooking.api", "com.salesbooking.platform", "com.salesbooking.store", "com.salesbooking.providers"})
public class ApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }
}
