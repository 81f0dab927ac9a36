package com.salesbooking.providers.graph;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.subscription.SubscriptionProvider.Subscription;
import com.salesbooking.providers.subscription.SubscriptionProvider.SubscriptionNotFoundException;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import static com.salesbooking.providers.graph.GraphFake.body;
import static com.salesbooking.providers.graph.GraphFake.odataError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GraphSubscriptionProviderTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");
    private static final String NOT_FOUND = odataError("ResourceNotFound", "The object was not found.");

    private GraphFake graph;
    private GraphSubscriptionProvider subscriptions;

    @BeforeEach
    void start() throws IOException {
        graph = new GraphFake();
        subscriptions = new GraphSubscriptionProvider(
                graph.clients(), new MailboxLimiter(4, Duration.ofSeconds(5)), GraphFake.CLOCK);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    @Test
    void createSubscribesToTheUsersEventsAndReturnsWhatGraphGranted() throws InterruptedException {
        graph.answer(201, """
                {"id": "sub-1", "resource": "users/sp-1/events", "changeType": "created,updated,deleted",
                 "expirationDateTime": "2027-03-22T08:00:00Z"}""");

        Subscription created = subscriptions.create(
                ACME,
                "sp-1",
                "https://api.example/v1/webhooks/graph",
                "https://api.example/v1/webhooks/graph/lifecycle",
                "client-state-secret",
                Instant.parse("2027-03-27T09:00:00Z"));

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/subscriptions");
        // notifications carry immutable event ids, like the ids the calendar calls store
        assertThat(request.getHeaders().values("Prefer")).containsExactly("IdType=\"ImmutableId\"");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-for-entra-acme");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = body(request);
        assertThat(body.path("changeType").asString()).isEqualTo("created,updated,deleted");
        assertThat(body.path("resource").asString()).isEqualTo("users/sp-1/events");
        assertThat(body.path("notificationUrl").asString()).isEqualTo("https://api.example/v1/webhooks/graph");
        assertThat(body.path("lifecycleNotificationUrl").asString())
                .isEqualTo("https://api.example/v1/webhooks/graph/lifecycle");
        assertThat(body.path("clientState").asString()).isEqualTo("client-state-secret");
        assertThat(OffsetDateTime.parse(body.path("expirationDateTime").asString())
                        .toInstant())
                .isEqualTo(Instant.parse("2027-03-27T09:00:00Z"));
        assertThat(created)
                .isEqualTo(new Subscription("sub-1", "users/sp-1/events", Instant.parse("2027-03-22T08:00:00Z")));
    }

    @Test
    void renewPatchesOnlyTheExpiry() throws InterruptedException {
        graph.answer(200, """
                {"id": "sub-1", "resource": "users/sp-1/events", "expirationDateTime": "2027-03-24T08:00:00Z"}""");

        Subscription renewed = subscriptions.renew(ACME, "sub-1", Instant.parse("2027-03-24T09:00:00Z"));

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/subscriptions/sub-1");
        JsonNode body = body(request);
        assertThat(body.properties()).extracting(e -> e.getKey()).containsExactly("expirationDateTime");
        assertThat(OffsetDateTime.parse(body.path("expirationDateTime").asString())
                        .toInstant())
                .isEqualTo(Instant.parse("2027-03-24T09:00:00Z"));
        assertThat(renewed)
                .isEqualTo(new Subscription("sub-1", "users/sp-1/events", Instant.parse("2027-03-24T08:00:00Z")));
    }

    @Test
    void renewOfAMissingSubscriptionSaysSo() {
        graph.answer(404, NOT_FOUND);

        assertThatThrownBy(() -> subscriptions.renew(ACME, "sub-1", Instant.parse("2027-03-24T09:00:00Z")))
                .isInstanceOf(SubscriptionNotFoundException.class)
                .hasMessageContaining("sub-1");
    }

    @Test
    void renewThrottledIsRetryableNotMissing() {
        graph.server.enqueue(new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "3")
                .build());

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> subscriptions.renew(ACME, "sub-1", Instant.parse("2027-03-24T09:00:00Z")));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void reauthorizePostsToTheSubscriptionsReauthorizeAction() throws InterruptedException {
        graph.answer(204);

        subscriptions.reauthorize(ACME, "sub-1");

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/subscriptions/sub-1/reauthorize");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-for-entra-acme");
    }

    @Test
    void reauthorizeOfAMissingSubscriptionSaysSo() {
        graph.answer(404, NOT_FOUND);

        assertThatThrownBy(() -> subscriptions.reauthorize(ACME, "sub-1"))
                .isInstanceOf(SubscriptionNotFoundException.class);
    }

    @Test
    void deleteSendsDelete() throws InterruptedException {
        graph.answer(204);

        subscriptions.delete(ACME, "sub-1");

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/subscriptions/sub-1");
    }

    @Test
    void deleteOfAMissingSubscriptionSucceeds() {
        graph.answer(404, NOT_FOUND);

        subscriptions.delete(ACME, "sub-1");

        assertThat(graph.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void deleteRefusedIsNotRetryable() {
        graph.answer(403, odataError("ExtensionError", "Operation: Delete; Exception: [Status Code: Forbidden]"));

        ProviderException failure =
                catchThrowableOfType(ProviderException.class, () -> subscriptions.delete(ACME, "sub-1"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(403);
    }
}
