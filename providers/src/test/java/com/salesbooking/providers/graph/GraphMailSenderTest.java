package com.salesbooking.providers.graph;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.mail.MailSender.OutgoingMail;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import static com.salesbooking.providers.graph.GraphFake.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GraphMailSenderTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");

    private GraphFake graph;
    private GraphMailSender mail;

    @BeforeEach
    void start() throws IOException {
        graph = new GraphFake();
        mail = new GraphMailSender(graph.clients(), new MailboxLimiter(4, Duration.ofSeconds(5)), GraphFake.CLOCK);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    @Test
    void sendPostsTheHtmlBodyFromTheSharedMailboxWithoutSavingToSentItems() throws InterruptedException {
        graph.answer(202);

        mail.send(
                ACME,
                new OutgoingMail(
                        "bookings@acme.example",
                        "customer@example.com",
                        "Confirm your booking",
                        "Click https://book.example/verify?token=t",
                        "<p>Click <a href=\"https://book.example/verify?token=t\">here</a></p>"));

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().pathSegments())
                .containsExactly("v1.0", "users", "bookings@acme.example", "sendMail");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-for-entra-acme");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = body(request);
        // the SDK writes the action's parameters as Graph's metadata names them; Graph matches them case-insensitively
        assertThat(body.properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("Message", "SaveToSentItems");
        assertThat(body.path("SaveToSentItems").isBoolean()).isTrue();
        assertThat(body.path("SaveToSentItems").asBoolean()).isFalse();
        JsonNode message = body.path("Message");
        assertThat(message.path("subject").asString()).isEqualTo("Confirm your booking");
        assertThat(message.path("body").path("contentType").asString()).isEqualTo("html");
        assertThat(message.path("body").path("content").asString())
                .isEqualTo("<p>Click <a href=\"https://book.example/verify?token=t\">here</a></p>");
        assertThat(message.path("toRecipients")).hasSize(1);
        assertThat(message.path("toRecipients")
                        .get(0)
                        .path("emailAddress")
                        .path("address")
                        .asString())
                .isEqualTo("customer@example.com");
        assertThat(message.has("from")).isFalse();
    }

    @Test
    void sendFallsBackToThePlainTextBodyWhenThereIsNoHtml() throws InterruptedException {
        graph.answer(202);

        mail.send(
                ACME,
                new OutgoingMail(
                        "bookings@acme.example",
                        "customer@example.com",
                        "Booking cancelled",
                        "Your booking was cancelled.",
                        null));

        JsonNode message = body(graph.server.takeRequest()).path("Message");
        assertThat(message.path("body").path("contentType").asString()).isEqualTo("text");
        assertThat(message.path("body").path("content").asString()).isEqualTo("Your booking was cancelled.");
    }

    @Test
    void aMailboxThatCannotSendIsNotRetryable() {
        graph.answer(403, GraphFake.odataError("ErrorAccessDenied", "Access is denied."));

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> mail.send(
                        ACME, new OutgoingMail("bookings@acme.example", "customer@example.com", "s", "t", "<p>h</p>")));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.operation()).isEqualTo("sendMail");
        assertThat(failure.httpStatus()).isEqualTo(403);
    }

    @Test
    void anUnresolvableRecipientIsNotRetryableAndItsAddressIsNotRepeated() {
        graph.answer(
                400,
                GraphFake.odataError(
                        "ErrorInvalidRecipients",
                        "At least one recipient is not valid., Recipient 'customer@example.com' is not resolved."));

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> mail.send(
                        ACME, new OutgoingMail("bookings@acme.example", "customer@example.com", "s", "t", "<p>h</p>")));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("ErrorInvalidRecipients", "<email>")
                .doesNotContain("customer@example.com");
        assertThat(failure.getCause()).isNull();
    }
}
