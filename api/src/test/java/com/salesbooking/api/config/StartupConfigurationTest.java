package com.salesbooking.api.config;

import com.salesbooking.api.ApiApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A missing or malformed production setting stops the api at start-up with a message naming it. */
class StartupConfigurationTest {

    private static Map<String, Object> validSettings() {
        Map<String, Object> p = new HashMap<>();
        p.put("booking.base-url", "https://book.example.com");
        p.put("booking.temporal.address", "127.0.0.1:7233");
        p.put("booking.tokens.signing-keys", "k1:" + Base64.getEncoder().encodeToString(new byte[32]));
        p.put("booking.tokens.active-key-id", "k1");
        // production mode, as the api jar runs: real providers, with credentials that are never used (no call is made)
        p.put("booking.providers.mode", "real");
        p.put("booking.graph.client-id", "00000000-0000-4000-8000-0000000000a1");
        p.put("booking.graph.client-secret", "not-a-real-secret");
        // nothing may reach a database here: the failure must come from the settings alone
        p.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/none");
        p.put("spring.datasource.username", "none");
        p.put("spring.datasource.password", "none");
        p.put("spring.liquibase.enabled", "false");
        p.put("spring.main.lazy-initialization", "true");
        // one hashed and one plain operator key (the plain one as a secret reference would deliver it)
        p.put("booking.operator.api-keys", "ops=sha256:" + "ab".repeat(32) + ",ci=0123456789abcdef0123456789abcdef");
        return p;
    }

    @org.junit.jupiter.api.Test
    void theValidSettingsThemselvesGetPastBinding() {
        // guards the test above: with nothing wrong, start-up must not fail on a setting (it may fail later, on the
        // unreachable database, which lazy initialization defers)
        String[] args = validSettings().entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        new SpringApplicationBuilder(ApiApplication.class)
                .web(WebApplicationType.NONE)
                .run(args)
                .close();
    }

    @org.junit.jupiter.api.Test
    void theApiRefusesTheSandboxProvidersNamingTheSetting() {
        Map<String, Object> settings = validSettings();
        settings.put("booking.providers.mode", "sandbox");
        String[] args = settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        assertThatThrownBy(() -> new SpringApplicationBuilder(ApiApplication.class)
                        .web(WebApplicationType.NONE)
                        .run(args)
                        .close())
                .hasMessageContaining("PROVIDERS_MODE")
                .hasMessageContaining("local mode");
    }

    @ParameterizedTest(name = "{0}={1} -> names {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "booking.base-url|              |BASE_URL",
                "booking.base-url|not a url     |BASE_URL",
                "booking.temporal.address|      |TEMPORAL_ADDRESS",
                "booking.temporal.address|nohostport|TEMPORAL_ADDRESS",
                "booking.temporal.deadlock-detection-timeout|PT0S|TEMPORAL_DEADLOCK_DETECTION_TIMEOUT",
                "booking.temporal.deadlock-detection-timeout|10|TEMPORAL_DEADLOCK_DETECTION_TIMEOUT",
                "booking.tokens.signing-keys|   |TOKEN_SIGNING_KEYS",
                "booking.tokens.signing-keys|k1:c2hvcnQ=|TOKEN_SIGNING_KEYS",
                "booking.tokens.active-key-id|k9|TOKEN_ACTIVE_KEY_ID",
                "booking.hold-ttl|P2D           |BOOKING_HOLD_TTL",
                "booking.providers.mode|mock    |PROVIDERS_MODE",
                "booking.limits.max-verify-emails-per-booking|0|BOOKING_MAX_VERIFY_EMAILS",
                "booking.limits.max-holds-per-client|0|BOOKING_MAX_HOLDS_PER_CLIENT",
                "booking.limits.client-window|PT10S|BOOKING_CLIENT_HOLD_WINDOW",
                "booking.operator.api-keys|too-short-for-a-key|OPERATOR_API_KEYS",
                "booking.operator.api-keys|ops=sha256:0123abc|OPERATOR_API_KEYS",
                "booking.operator.api-keys|bad label=0123456789abcdef0123456789abcdef|OPERATOR_API_KEYS"
            })
    void aBadSettingFailsTheStartNamingIt(String setting, String value, String envName) {
        Map<String, Object> settings = validSettings();
        settings.put(setting, value == null ? "" : value.trim());
        // as command-line arguments: they outrank booking-defaults.yml, as environment variables do in production
        String[] args = settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        assertThatThrownBy(() -> new SpringApplicationBuilder(ApiApplication.class)
                        .web(WebApplicationType.NONE)
                        .run(args)
                        .close())
                .satisfies(e -> {
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                    org.assertj.core.api.Assertions.assertThat(messages.toString())
                            .contains(envName);
                });
    }
}
