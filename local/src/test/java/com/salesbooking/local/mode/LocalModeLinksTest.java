package com.salesbooking.local.mode;

import com.salesbooking.local.LocalApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local mode as the README starts it, on a port that is not 8080: the links in the emails it sends point at the
 * port it serves, so a reader whose 8080 is taken can still click them; and the README's attendance example has
 * a meeting in the past to work on.
 */
class LocalModeLinksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ANNA = "a0000000-0000-4000-8000-000000000101";

    private static int port;
    private static LocalApplication.Running local;

    @BeforeAll
    static void startLocalMode() {
        port = freePort();
        local = LocalApplication.start(Map.of("PORT", String.valueOf(port), "LOCAL_TEMPORAL_PORT", "0"));
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void theVerificationLinkPointsAtThePortLocalModeServes() {
        String email = "links-" + UUID.randomUUID() + "@example.com";
        JsonNode slot = firstFreeSlotOfAnna();
        JsonNode hold = post("/v1/public/acme/holds", """
                {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"%s","name":"Pat"}}""".formatted(
                ANNA, slot.path("start_at").asString(), slot.path("end_at").asString(), email));
        post("/v1/public/acme/auth/verify-email", """
                {"booking_id":"%s"}""".formatted(
                        hold.path("booking_id").asString()));

        List<String> links = await("the verification email")
                .atMost(Duration.ofSeconds(60))
                .until(() -> linksSentTo(email), found -> !found.isEmpty());

        assertThat(links)
                .allMatch(link -> link.startsWith("http://localhost:" + port + "/"), "on port " + port)
                .anyMatch(link -> link.startsWith("http://localhost:" + port + "/verify?token="));
    }

    @Test
    void attendanceCanBeTriedOnTheDemoBookingThatStartedYesterday() {
        JsonNode recorded = send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/v1/internal/attendance/a0000000-0000-4000-8000-000000000701"))
                .header("Content-Type", "application/json")
                .header("X-Admin-Api-Key", "local-admin-key")
                .header("X-Tenant-Id", "a0000000-0000-4000-8000-000000000001")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"attended\"}")));

        assertThat(recorded.path("attendance").asString()).isEqualTo("attended");
    }

    /** The first slot of a weekday at least a week ahead of the real clock (local mode runs in real time). */
    private static JsonNode firstFreeSlotOfAnna() {
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(7);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        JsonNode availability = get("/v1/public/acme/availability?salesperson=" + ANNA + "&date=" + day);
        assertThat(availability.path("slots").isEmpty()).as("slots on " + day).isFalse();
        return availability.path("slots").get(0);
    }

    private static List<String> linksSentTo(String email) {
        List<String> links = new ArrayList<>();
        get("/dev/outbox?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                .forEach(mail -> mail.path("links").forEach(link -> links.add(link.asString())));
        return links;
    }

    private static JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET());
    }

    private static JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
