package com.salesbooking.local.system;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-client-address hold limit, with the client's address taken from X-Forwarded-For as behind the ingress. */
class ClientHoldLimitTest extends SystemTestSupport {

    @DynamicPropertySource
    static void lowLimit(DynamicPropertyRegistry registry) {
        registry.add("booking.limits.max-holds-per-client", () -> "3");
    }

    /** A hold for a fresh email, sent through the (loopback, so trusted) proxy on behalf of {@code client}. */
    private Response holdFrom(String client, UUID seller, Instant start, String key) {
        return holdFrom(client, seller, start, key, email("client"));
    }

    private Response holdFrom(String client, UUID seller, Instant start, String key, String email) {
        return send(HttpRequest.newBuilder(uri("/v1/public/acme/holds"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(
                        holdBody(seller, start, start.plus(Duration.ofHours(1)), email))));
    }

    @Test
    void oneClientAddressPlacesAtMostTheLimitPerWindowAndOnlyPlacedHoldsCount() {
        // slots two hours apart: neighbours would fall inside the bookings' 10-minute buffer
        UUID seller = newSalesperson();
        String client = "203.0.113.7";
        String firstKey = key();
        String firstEmail = email("client");
        Response first = holdFrom(client, seller, slot(3, 9), firstKey, firstEmail);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(holdFrom(client, seller, slot(3, 11), key()).status()).isEqualTo(201);
        // refused for a taken slot: reserves nothing, so it does not count
        assertThat(holdFrom(client, seller, slot(3, 9), key()).status()).isEqualTo(409);
        assertThat(holdFrom(client, seller, slot(3, 13), key()).status()).isEqualTo(201);
        int bookings = count("SELECT count(*) FROM bookings WHERE salesperson_id = ?", seller);

        Response refused = holdFrom(client, seller, slot(3, 15), key());

        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("code")).isEqualTo("rate_limited");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 600L);
        assertThat(count("SELECT count(*) FROM bookings WHERE salesperson_id = ?", seller))
                .isEqualTo(bookings);

        // a replay of a hold already placed is still answered, byte for byte
        Response replay = holdFrom(client, seller, slot(3, 9), firstKey, firstEmail);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        // another address has a window of its own
        assertThat(holdFrom("203.0.113.8", seller, slot(5, 9), key()).status()).isEqualTo(201);
        // once the window (10 minutes) is over, the address may hold again
        skip(Duration.ofMinutes(10));
        Response later = holdFrom(client, seller, slot(4, 9), key());
        assertThat(later.status()).as(later.body()).isEqualTo(201);
    }

    @Test
    void fortyConcurrentHoldsFromOneAddressPlaceAtMostTheLimitAndTheRestAre429WithRetryAfter() throws Exception {
        // forty free, offered slots (four per salesperson, two hours apart): only the limit can refuse them
        java.util.List<UUID> sellers = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sellers.add(newSalesperson());
        }
        String client = "198.51.100.40";
        int requests = 40;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(requests);
        try {
            java.util.List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                UUID seller = sellers.get(i / 4);
                Instant slot = slot(3, 9 + 2 * (i % 4));
                answers.add(pool.submit(() -> {
                    start.await();
                    return holdFrom(client, seller, slot, key());
                }));
            }
            start.countDown();
            java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (var answer : answers) {
                Response r = answer.get(2, java.util.concurrent.TimeUnit.MINUTES);
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.status() == 429) {
                    assertThat(r.text("code")).isEqualTo("rate_limited");
                    assertThat(Long.parseLong(
                                    r.headers().firstValue("Retry-After").orElseThrow()))
                            .isBetween(1L, 600L);
                }
            }

            assertThat(statuses).as("statuses").isEqualTo(java.util.Map.of(201, 3, 429, requests - 3));
            assertThat(sellers.stream()
                            .mapToInt(seller -> count("SELECT count(*) FROM bookings WHERE salesperson_id = ?", seller))
                            .sum())
                    .as("holds written")
                    .isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }
}
