package com.salesbooking.api.config;

import com.salesbooking.api.ApiApplication;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The api as an operator starts it, in a JVM of its own with no environment variable at all: it must stop before any
 * bean needs a setting, name every missing variable in one short message, print no stack trace, and exit non-zero.
 */
class EmptyEnvironmentStartTest {

    /** What the api cannot run without in real-provider mode (PROVIDERS_MODE defaults to real). */
    static final List<String> REQUIRED = List.of(
            "DATABASE_URL",
            "DATABASE_USERNAME",
            "DATABASE_PASSWORD",
            "BASE_URL",
            "TEMPORAL_ADDRESS",
            "TOKEN_SIGNING_KEYS",
            "TOKEN_ACTIVE_KEY_ID",
            "GRAPH_CLIENT_ID",
            "GRAPH_CLIENT_SECRET");

    @Test
    void theApiStartedWithNoEnvironmentNamesEveryMissingVariableInOneMessageAndExitsNonZero() throws Exception {
        Path output = Files.createTempFile("api-start", ".log");
        try {
            ProcessBuilder start = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            ApiApplication.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            start.environment().clear();
            Process api = start.start();
            boolean ended = api.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                api.destroyForcibly();
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(ended).as("the api stopped by itself:\n" + log).isTrue();
            assertThat(api.exitValue()).as(log).isNotZero();
            assertThat(log).as("one message").containsOnlyOnce("Invalid configuration");
            for (String variable : REQUIRED) {
                assertThat(log).as("names " + variable).contains(variable + " missing");
            }
            assertThat(log)
                    .as("no stack trace")
                    .doesNotContain("\tat ")
                    .doesNotContain("\\tat ")
                    .doesNotContain("Exception:")
                    .doesNotContain("DataSource");
            // the problems, not a wall of text
            assertThat(log.length()).as(log).isLessThan(4_000);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
