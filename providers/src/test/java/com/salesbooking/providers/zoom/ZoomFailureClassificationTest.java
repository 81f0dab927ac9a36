package com.salesbooking.providers.zoom;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.meeting.MeetingProvider.MeetingRequest;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import static com.salesbooking.providers.zoom.ZoomFake.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ZoomFailureClassificationTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");
    private static final MeetingRequest MEETING = new MeetingRequest(
            "bk-1",
            "Sales call",
            "Demo",
            Instant.parse("2027-04-01T08:00:00Z"),
            Duration.ofMinutes(60),
            ZoneId.of("Europe/Berlin"),
            null);
    // 20:00 UTC: the next daily-limit reset (00:00 GMT) is 4 hours away
    private static final Instant NOW = Instant.parse("2027-03-28T20:00:00Z");

    private ZoomFake zoom;
    private ZoomMeetingProvider provider;

    @BeforeEach
    void start() throws IOException {
        zoom = new ZoomFake();
        provider = new ZoomMeetingProvider(zoom.properties(null), new MutableClock(NOW));
    }

    @AfterEach
    void stop() {
        zoom.close();
    }

    private ProviderException createFailsWith(MockResponse answer) {
        zoom.apiAnswers.add(answer);
        return catchThrowableOfType(ProviderException.class, () -> provider.createMeeting(ACME, MEETING));
    }

    @Test
    void rateLimitWithRetryAfterSecondsIsRetryableAfterThatDelay() {
        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "7")
                .body("{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API.\"}")
                .build());

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(429);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(zoom.apiRequests).hasSize(1);
    }

    @Test
    void rateLimitWithRetryAfterInstantWaitsUntilThen() {
        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .code(429)
                .setHeader("X-RateLimit-Type", "Daily-limit")
                .setHeader("Retry-After", "2027-03-29T00:00:00Z")
                .build());

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofHours(4));
    }

    @Test
    void dailyRateLimitWithoutRetryAfterWaitsUntilMidnightUtc() {
        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .code(429)
                .setHeader("X-RateLimit-Category", "Medium")
                .setHeader("X-RateLimit-Type", "Daily-limit")
                .setHeader("X-RateLimit-Limit", "100")
                .setHeader("X-RateLimit-Remaining", "0")
                .body("{\"code\":429,\"message\":\"You have exceeded the daily rate limit (100).\"}")
                .build());

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofHours(4));
    }

    @Test
    void rateLimitResetHeaderGivesTheDelay() {
        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .code(429)
                .setHeader(
                        "X-RateLimit-Reset", String.valueOf(NOW.plusSeconds(90).getEpochSecond()))
                .build());

        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(90));
    }

    @Test
    void perSecondRateLimitWithoutRetryAfterWaitsOneSecond() {
        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .code(429)
                .setHeader("X-RateLimit-Type", "QPS")
                .build());

        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(1));
    }

    @Test
    void rateLimitWithoutAnyHintLeavesTheDelayToTemporal() {
        ProviderException failure = createFailsWith(json(429, "{\"code\":429,\"message\":\"Too many requests\"}"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsAreRetryable(int status) {
        ProviderException failure = createFailsWith(json(status, "{\"code\":" + status + ",\"message\":\"oops\"}"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(status);
        assertThat(zoom.apiRequests).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 409})
    void otherClientErrorsAreNotRetryable(int status) {
        ProviderException failure = createFailsWith(json(status, "{\"code\":300,\"message\":\"Invalid request\"}"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.kind()).isEqualTo(ProviderException.Kind.NON_RETRYABLE);
        assertThat(failure.httpStatus()).isEqualTo(status);
        assertThat(failure.getMessage()).contains("Zoom code 300: Invalid request", "'acme'");
    }

    @Test
    void emailAddressesInZoomMessagesAreMasked() {
        ProviderException failure =
                createFailsWith(json(404, "{\"code\":1001,\"message\":\"User does not exist: host@acme.example.\"}"));

        assertThat(failure.getMessage())
                .contains("Zoom code 1001: User does not exist: <email>")
                .doesNotContain("host@acme.example");
    }

    @Test
    void aTimeoutIsRetryable() {
        // a short read time-out so the test waits 300 ms, not the production 15 s
        provider = new ZoomMeetingProvider(
                new ZoomProperties(
                        zoom.baseUrl(),
                        zoom.tokenUrl(),
                        "a",
                        "c",
                        "s",
                        null,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(300),
                        Duration.ofSeconds(5),
                        null),
                new MutableClock(NOW));

        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isZero();
        assertThat(failure.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void aResetConnectionIsRetryable() {
        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket(true, true, true))
                .build());

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isZero();
    }

    @Test
    void anUnreachableTokenEndpointIsRetryable() throws IOException {
        ZoomFake closed = new ZoomFake();
        String deadTokenUrl = closed.tokenUrl();
        closed.close();
        provider = new ZoomMeetingProvider(
                new ZoomProperties(zoom.baseUrl(), deadTokenUrl, "a", "c", "s", null, null, null, null, null),
                new MutableClock(NOW));

        ProviderException failure =
                catchThrowableOfType(ProviderException.class, () -> provider.deleteMeeting(ACME, "1"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("'acme'");
    }
}
