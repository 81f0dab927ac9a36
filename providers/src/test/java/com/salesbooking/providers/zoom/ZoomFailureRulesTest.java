package com.salesbooking.providers.zoom;

import com.salesbooking.providers.ProviderException;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zoom's failure classification on Zoom's answers, one rule at a time: how long a rate limit asks us to wait, and what
 * the message (which reaches logs and workflow histories) says.
 */
class ZoomFailureRulesTest {

    // 20:00 UTC: the next daily-limit reset (00:00 GMT) is 4 hours away
    private static final Instant NOW = Instant.parse("2027-03-28T20:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Duration waitFor(String... namesAndValues) {
        return ZoomFailures.retryAfter(Headers.of(namesAndValues), CLOCK);
    }

    private static Response answer(int status, String body, String... headers) {
        return new Response.Builder()
                .request(new Request.Builder()
                        .url("http://127.0.0.1/v2/users/me/meetings")
                        .build())
                .protocol(Protocol.HTTP_1_1)
                .code(status)
                .message("status " + status)
                .headers(Headers.of(headers))
                .body(ResponseBody.create(body, MediaType.get("application/json")))
                .build();
    }

    private static String described(String body) {
        return ZoomFailures.describeError(answer(400, body), JSON);
    }

    @Test
    void retryAfterIsReadAsSecondsAnIsoInstantOrAnHttpDateAndNeverNegative() {
        assertThat(waitFor("Retry-After", " 7 ")).isEqualTo(Duration.ofSeconds(7));
        assertThat(waitFor("Retry-After", "2027-03-28T20:00:30Z")).isEqualTo(Duration.ofSeconds(30));
        assertThat(waitFor("Retry-After", "Sun, 28 Mar 2027 20:01:00 GMT")).isEqualTo(Duration.ofMinutes(1));
        assertThat(waitFor("Retry-After", "2027-03-28T19:00:00Z")).isEqualTo(Duration.ZERO);
    }

    @Test
    void anUnreadableOrBlankRetryAfterFallsBackToTheResetHeader() {
        assertThat(waitFor("Retry-After", "later", "X-RateLimit-Reset", "5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(waitFor("Retry-After", " ", "X-RateLimit-Reset", "5")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theResetHeaderIsAUnixTimeWhenInTheBillionsElseSecondsOrAnInstant() {
        assertThat(waitFor("X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 90)))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(waitFor("X-RateLimit-Reset", "1000000000")).isEqualTo(Duration.ofSeconds(1_000_000_000L));
        assertThat(waitFor("X-RateLimit-Reset", "1000000001")).isEqualTo(Duration.ZERO);
        assertThat(waitFor("X-RateLimit-Reset", "2027-03-28T20:00:10Z")).isEqualTo(Duration.ofSeconds(10));
        assertThat(waitFor("X-RateLimit-Reset", "Sun, 28 Mar 2027 20:00:20 GMT"))
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anUnreadableOrBlankResetFallsBackToTheLimitsType() {
        assertThat(waitFor("X-RateLimit-Reset", "soon", "X-RateLimit-Type", "QPS"))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(waitFor("X-RateLimit-Reset", " ", "X-RateLimit-Type", "Daily-limit"))
                .isEqualTo(Duration.ofHours(4));
    }

    @Test
    void theLimitsTypeGivesMidnightUtcForADailyLimitAndOneSecondForAPerSecondLimit() {
        assertThat(waitFor("X-RateLimit-Type", "Daily-limit")).isEqualTo(Duration.ofHours(4));
        assertThat(waitFor("X-RateLimit-Type", "QPS")).isEqualTo(Duration.ofSeconds(1));
        assertThat(waitFor("X-RateLimit-Type", "per-second-limit")).isEqualTo(Duration.ofSeconds(1));
        assertThat(waitFor("X-RateLimit-Type", "monthly")).isNull();
        assertThat(waitFor()).isNull();
    }

    @Test
    void aServerErrorIsRetryableAfterItsRetryAfterEvenAsADate() {
        ProviderException failure = ZoomFailures.fromResponse(
                "createMeeting",
                answer(503, "", "Retry-After", "Sun, 28 Mar 2027 20:00:45 GMT"),
                JSON,
                CLOCK,
                "tenant 'acme'");

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(45));
        assertThat(failure.getMessage()).endsWith("tenant 'acme': no error body");
    }

    @Test
    void aServerErrorWithAnUnreadableRetryAfterLeavesTheWaitToTemporal() {
        ProviderException failure = ZoomFailures.fromResponse(
                "createMeeting", answer(502, "", "Retry-After", "whenever"), JSON, CLOCK, "tenant 'acme'");

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void anIoFailureIsRetryableAndNamedWithItsMessageIfAny() {
        assertThat(ZoomFailures.fromIo("createMeeting", new SocketTimeoutException("timeout"), "tenant 'acme'")
                        .getMessage())
                .endsWith("tenant 'acme': SocketTimeoutException (timeout)");
        assertThat(ZoomFailures.fromIo("createMeeting", new IOException(), "tenant 'acme'")
                        .getMessage())
                .endsWith("tenant 'acme': IOException");
    }

    @Test
    void theErrorDescriptionIsZoomsCodeAndMessageOrTheOauthErrorAndReason() {
        assertThat(described("{\"code\":3001,\"message\":\"Meeting does not exist\"}"))
                .isEqualTo("Zoom code 3001: Meeting does not exist");
        assertThat(described("{\"code\":124}")).isEqualTo("Zoom code 124: ");
        assertThat(described("{\"message\":\"Invalid access token\"}")).isEqualTo("Zoom code ?: Invalid access token");
        assertThat(described("{\"error\":\"invalid_client\",\"reason\":\"Invalid client_id\"}"))
                .isEqualTo("invalid_client: Invalid client_id");
        assertThat(described("{\"reason\":\"Invalid client_id\"}")).isEqualTo(": Invalid client_id");
        assertThat(described("{\"error\":\"invalid_grant\"}")).isEqualTo("invalid_grant: ");
    }

    @Test
    void anotherBodyIsQuotedUpTo200CharactersWithEmailAddressesMasked() {
        assertThat(described("   ")).isEqualTo("no error body");
        assertThat(described("{\"unexpected\":true}")).isEqualTo("{\"unexpected\":true}");
        assertThat(described("z".repeat(200))).isEqualTo("z".repeat(200));
        assertThat(described("z".repeat(201))).isEqualTo("z".repeat(200) + "...");
        assertThat(described("User ann.lee@example.com not found")).isEqualTo("User <email> not found");
        assertThat(described("{\"code\":1001,\"message\":\"User ann.lee@example.com does not exist\"}"))
                .isEqualTo("Zoom code 1001: User <email> does not exist");
    }
}
