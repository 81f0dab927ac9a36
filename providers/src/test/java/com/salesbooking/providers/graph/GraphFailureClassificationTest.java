package com.salesbooking.providers.graph;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.calendar.CalendarProvider.EventRequest;
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

import static com.salesbooking.providers.graph.GraphFake.odataError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GraphFailureClassificationTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");
    private static final EventRequest EVENT = new EventRequest(
            "sp-1",
            "bk-1-create",
            "Sales call",
            "<p>bk-1</p>",
            "https://zoom.example/j/1",
            Instant.parse("2027-04-01T08:00:00Z"),
            Instant.parse("2027-04-01T09:00:00Z"),
            ZoneId.of("Europe/Berlin"),
            "customer@example.com",
            null,
            false);

    private GraphFake graph;
    private GraphCalendarProvider calendar;

    @BeforeEach
    void start() throws IOException {
        graph = new GraphFake();
        calendar = new GraphCalendarProvider(
                graph.clients(), new MailboxLimiter(4, Duration.ofSeconds(5)), GraphFake.CLOCK);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private ProviderException createFailsWith(MockResponse answer) {
        graph.server.enqueue(answer);
        return catchThrowableOfType(ProviderException.class, () -> calendar.createEvent(ACME, EVENT));
    }

    @Test
    void throttlingWithRetryAfterIsRetryableAfterThatDelayAndNotRetriedBySdk() {
        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "12")
                .setHeader("Content-Type", "application/json")
                .body(odataError("ApplicationThrottled", "Application is over its MailboxConcurrency limit."))
                .build());

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(429);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(failure.provider()).isEqualTo("graph");
        assertThat(failure.operation()).isEqualTo("createEvent");
        assertThat(failure.getMessage()).contains("ApplicationThrottled", "'acme'");
        assertThat(graph.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void throttlingWithoutRetryAfterIsRetryableWithoutADelay() {
        ProviderException failure = createFailsWith(GraphFake.json(429, odataError("TooManyRequests", "slow down")));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).isEmpty();
        assertThat(graph.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void serviceUnavailableWithRetryAfterIsRetryableAfterThatDelay() {
        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .code(503)
                .setHeader("Retry-After", "30")
                .build());

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(503);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(graph.server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504})
    void serverErrorsAreRetryable(int status) {
        ProviderException failure = createFailsWith(GraphFake.json(status, odataError("generalException", "oops")));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(status);
        assertThat(graph.server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409})
    void otherClientErrorsAreNotRetryable(int status) {
        ProviderException failure = createFailsWith(GraphFake.json(
                status, odataError("ErrorAccessDenied", "Access is denied. Check credentials and try again.")));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(status);
        assertThat(failure.getMessage()).contains("ErrorAccessDenied", "'acme'");
    }

    @Test
    void aTimeoutIsRetryable() throws IOException {
        // a short read time-out so the test waits 300 ms, not the production 30 s
        calendar = new GraphCalendarProvider(
                GraphFake.clients(graph.properties(Duration.ofMillis(300), null)),
                new MailboxLimiter(4, Duration.ofSeconds(5)),
                GraphFake.CLOCK);

        ProviderException failure = createFailsWith(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isZero();
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
    void aTenantWithoutEntraTenantIdFailsNonRetryableNamingTheSlug() {
        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> calendar.createEvent(new ProviderTenant(UUID.randomUUID(), "globex", null), EVENT));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("'globex'");
        assertThat(graph.server.getRequestCount()).isZero();
    }
}
