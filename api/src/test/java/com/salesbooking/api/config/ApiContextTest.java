package com.salesbooking.api.config;

import com.salesbooking.api.ApiApplication;
import io.temporal.activity.ActivityInterface;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The api process runs no worker, so its context holds no activity implementation: those live in the
 * {@code activities} module, which the api does not depend on (README, "Modules").
 */
class ApiContextTest {

    @Test
    void theApiContextHoldsNoActivityImplementation() {
        String[] args = {
            "--booking.base-url=https://book.example.com",
            "--booking.temporal.address=127.0.0.1:7233",
            "--booking.tokens.signing-keys=k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "--booking.tokens.active-key-id=k1",
            // the api jar's own mode: real providers (credentials never used: no call is made)
            "--booking.providers.mode=real",
            "--booking.graph.client-id=00000000-0000-4000-8000-0000000000a1",
            "--booking.graph.client-secret=not-a-real-secret",
            // bean definitions are what is checked; nothing needs to reach a database or Temporal
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
            "--spring.datasource.username=none",
            "--spring.datasource.password=none",
            "--spring.liquibase.enabled=false",
            "--spring.main.lazy-initialization=true"
        };
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ApiApplication.class)
                .web(WebApplicationType.NONE)
                .run(args)) {
            List<String> activityBeans = Arrays.stream(context.getBeanDefinitionNames())
                    .filter(name -> {
                        Class<?> type = context.getBeanFactory().getType(name, false);
                        return type != null
                                && (type.getPackageName().startsWith("com.salesbooking.activities")
                                        || Arrays.stream(type.getInterfaces())
                                                .anyMatch(i -> i.isAnnotationPresent(ActivityInterface.class)));
                    })
                    .toList();
            assertThat(context.getBeanDefinitionNames())
                    .as("the context did start with the api's beans")
                    .contains("bookingService");
            assertThat(activityBeans)
                    .as("activity implementations in the api context")
                    .isEmpty();
        }
    }
}
