package com.salesbooking.api;

import com.salesbooking.platform.ProductionProvidersOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The HTTP api on its own (production). Local mode runs it together with the worker in one JVM. */
@SpringBootApplication(
        scanBasePackages = {
            "com.salesbooking.api",
            "com.salesbooking.platform",
            "com.salesbooking.store",
            "com.salesbooking.providers"
        })
public class ApiApplication {

    /** The sandbox providers are local mode's (which does not use this class as its configuration). */
    @Bean
    static ProductionProvidersOnly productionProvidersOnly() {
        return new ProductionProvidersOnly("api");
    }

    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }
}
