package com.salesbooking.worker;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker jar is production: it refuses local mode's sandbox providers at start-up, naming the setting. */
class WorkerStartupTest {

    @Test
    void theWorkerRefusesTheSandboxProvidersNamingTheSetting() {
        String[] args = {
            "--booking.base-url=https://book.example.com",
            "--booking.temporal.address=127.0.0.1:7233",
            "--booking.tokens.signing-keys=k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "--booking.tokens.active-key-id=k1",
            "--booking.providers.mode=sandbox",
            // the refusal must come from the setting alone, before anything reaches a database or Temporal
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
            "--spring.datasource.username=booking",
            "--spring.datasource.password=unused",
            "--spring.liquibase.enabled=false",
            "--spring.main.lazy-initialization=true"
        };
        assertThatThrownBy(() -> new SpringApplicationBuilder(WorkerApplication.class)
                        .web(WebApplicationType.NONE)
                        .run(args)
                        .close())
                .hasMessageContaining("PROVIDERS_MODE")
                .hasMessageContaining("worker refuses");
    }
}
