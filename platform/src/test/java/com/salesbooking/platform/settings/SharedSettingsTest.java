package com.salesbooking.platform.settings;

import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.BookingProperties.InvalidSettingException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySourcesPropertyResolver;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A setting that both the start-up check and BookingProperties know has one declaration: for each value, the two
 * agree on whether it is valid, and both name the same variable when it is not.
 */
class SharedSettingsTest {

    private static final String KEYS = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);

    static Stream<Arguments> values() {
        return Stream.of(
                bound(Settings.BASE_URL, "https://book.example.com", true, SharedSettingsTest::withBaseUrl),
                bound(Settings.BASE_URL, "ftp://book.example.com", false, SharedSettingsTest::withBaseUrl),
                bound(Settings.BASE_URL, "not a url", false, SharedSettingsTest::withBaseUrl),
                bound(Settings.BASE_URL, "//book.example.com/no-scheme", false, SharedSettingsTest::withBaseUrl),
                bound(Settings.WEBHOOK_BASE_URL, "http://hooks.example.com", true, SharedSettingsTest::withWebhookUrl),
                bound(Settings.WEBHOOK_BASE_URL, "hooks.example.com", false, SharedSettingsTest::withWebhookUrl),
                bound(Settings.TEMPORAL_ADDRESS, "temporal.example.com:7233", true, SharedSettingsTest::withAddress),
                bound(Settings.TEMPORAL_ADDRESS, "[::1]:7233", true, SharedSettingsTest::withAddress),
                bound(Settings.TEMPORAL_ADDRESS, "temporal.example.com", false, SharedSettingsTest::withAddress),
                bound(Settings.TEMPORAL_ADDRESS, "host:port", false, SharedSettingsTest::withAddress),
                bound(Settings.TEMPORAL_NAMESPACE, "bookings", true, v -> temporal("localhost:7233", v, "q")),
                bound(Settings.TEMPORAL_TASK_QUEUE, "booking", true, v -> temporal("localhost:7233", "default", v)),
                bound(Settings.TOKEN_ISSUER, "salesbooking", true, v -> new BookingProperties.Tokens(v, KEYS, "k1")),
                bound(Settings.PROVIDERS_MODE, "real", true, BookingProperties.Providers::new),
                bound(Settings.PROVIDERS_MODE, "sandbox", true, BookingProperties.Providers::new),
                bound(Settings.PROVIDERS_MODE, "fake", false, BookingProperties.Providers::new));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("values")
    void theStartUpCheckAndTheBoundRecordAgree(
            Setting setting, String value, boolean valid, Consumer<String> bindWithValue) {
        List<String> problems = Settings.problems(resolverWith(setting.property(), value), List.of(setting));

        if (valid) {
            assertThat(problems).isEmpty();
            assertThatCode(() -> bindWithValue.accept(value)).doesNotThrowAnyException();
        } else {
            assertThat(problems).singleElement().asString().startsWith(setting.variable() + " invalid");
            assertThatThrownBy(() -> bindWithValue.accept(value))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("environment variable " + setting.variable() + ")")
                    .hasMessageEndingWith("expected " + setting.expected());
        }
    }

    @ParameterizedTest(name = "{0} blank")
    @MethodSource("values")
    void aBlankBoundValueIsRefusedNamingTheVariable(
            Setting setting, String value, boolean valid, Consumer<String> bindWithValue) {
        if (setting == Settings.WEBHOOK_BASE_URL) {
            // a blank webhook URL falls back to BASE_URL before it is checked
            assertThatCode(() -> bindWithValue.accept(" ")).doesNotThrowAnyException();
            return;
        }
        assertThatThrownBy(() -> bindWithValue.accept(" "))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("environment variable " + setting.variable() + ")");
    }

    private static Arguments bound(Setting setting, String value, boolean valid, Consumer<String> bindWithValue) {
        return Arguments.of(Named.of(setting.variable(), setting), value, valid, Named.of("bound", bindWithValue));
    }

    private static PropertySourcesPropertyResolver resolverWith(String property, String value) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("test", Map.of(property, value)));
        return new PropertySourcesPropertyResolver(sources);
    }

    private static void withBaseUrl(String baseUrl) {
        properties(baseUrl, null);
    }

    private static void withWebhookUrl(String webhookUrl) {
        properties("https://book.example.com", webhookUrl);
    }

    private static void withAddress(String address) {
        temporal(address, "default", "booking");
    }

    private static void properties(String baseUrl, String webhookUrl) {
        new BookingProperties(
                baseUrl,
                webhookUrl,
                Duration.ofMinutes(10),
                Duration.ofDays(30),
                null,
                temporal("localhost:7233", "default", "booking"),
                new BookingProperties.Tokens("salesbooking", KEYS, "k1"),
                null);
    }

    private static BookingProperties.Temporal temporal(String address, String namespace, String taskQueue) {
        return new BookingProperties.Temporal(address, namespace, taskQueue, null, null, null, null, null, null);
    }
}
