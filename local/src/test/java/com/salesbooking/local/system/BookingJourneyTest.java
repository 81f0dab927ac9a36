package com.salesbooking.local.system;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The customer's journey through the real api, workflows, activities, PostgreSQL and sandbox providers. */
class BookingJourneyTest extends SystemTestSupport {

    @Test
    void healthIsUpAndSalespersonsAreListed() {
        assertThat(get("/actuator/health").status()).isEqualTo(200);
        Response list = get("/v1/public/acme/salespersons");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().size()).isGreaterThanOrEqualTo(2);
        assertThat(list.body())
                .contains(
                        "\"display_name\":\"Anna Schmidt\"",
                        "\"timezone\":\"Europe/Berlin\"",
                        "\"timezone\":\"America/New_York\"");
        assertThat(get("/v1/public/nope/salespersons").status()).isEqualTo(404);
    }

    @Test
    void holdVerifyConfirmCreatesOneMeetingOneEventAndAuditsEveryTransition() {
        UUID seller = newSalesperson();
        Instant start = slot(2, 10);
        String email = email("journey");
        Response hold =
                post("/v1/public/acme/holds", key(), holdBody(seller, start, start.plus(Duration.ofHours(1)), email));
        assertThat(hold.status()).isEqualTo(201);
        assertThat(hold.text("status")).isEqualTo("hold");
        assertThat(hold.text("start_at")).isEqualTo(start.toString());
        UUID id = UUID.fromString(hold.text("booking_id"));
        assertThat(Duration.between(now(), Instant.parse(hold.text("expires_at"))))
                .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));

        Response verify = post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + id + "\"}");
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.text("status")).isEqualTo("pending_verify");
        assertThat(mailbox.outbox(email)).hasSize(1);
        assertThat(mailbox.outbox(email).get(0).links())
                .anyMatch(l -> l.startsWith("http://booking.test/verify?token="));

        String token = tokenFromOutbox(email, "/verify");
        int zoomBefore = zoom.createCalls();
        int graphBefore = graph.createCalls();
        Response confirm = post("/v1/public/acme/confirm", key(), "{\"token\":\"" + token + "\"}");
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.text("status")).isEqualTo("confirmed");
        assertThat(confirm.text("join_url")).startsWith("https://zoom.sandbox.local/j/");
        assertThat(zoom.createCalls() - zoomBefore).isEqualTo(1);
        // the salesperson hosts the meeting: the Zoom user with their email
        assertThat(zoom.meetings())
                .filteredOn(m -> confirm.text("join_url").equals(m.joinUrl()))
                .extracting(m -> m.host())
                .containsExactly("seller-" + seller + "@example.test");
        assertThat(graph.createCalls() - graphBefore).isEqualTo(1);
        assertThat(status(id)).isEqualTo("confirmed");
        assertThat(count("SELECT count(*) FROM meetings WHERE booking_id = ?", id))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM graph_events WHERE booking_id = ?", id))
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT type FROM tracking_events WHERE booking_id = ? ORDER BY id")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("hold_created", "pending_verify", "confirmed");
        assertThat(count("SELECT count(*) FROM audit_logs WHERE target_id = ?", id.toString()))
                .isEqualTo(3);
        // the confirmation email carries the manage link
        assertThat(tokenFromOutbox(email, "/manage")).isNotBlank();

        // the verify token is one-time: replayed, it is refused and nothing changes
        Response replay = post("/v1/public/acme/confirm", key(), "{\"token\":\"" + token + "\"}");
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.text("code")).isEqualTo("token_used");
        assertThat(zoom.createCalls() - zoomBefore).isEqualTo(1);

        Response view = get("/v1/public/acme/bookings/" + id + "?token=" + tokenFromOutbox(email, "/manage"));
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.text("status")).isEqualTo("confirmed");
        // RFC 3339 with seconds, as the document's date-time says (OffsetDateTime.toString() would give "T10:00+01:00")
        assertThat(view.text("start_local")).isEqualTo(start.atZone(BERLIN).toLocalDate() + "T10:00:00+01:00");
        assertThat(view.text("end_local")).isEqualTo(start.atZone(BERLIN).toLocalDate() + "T11:00:00+01:00");
    }

    @Test
    void holdExpiresAfterTtlAndConfirmGets409() {
        UUID seller = newSalesperson();
        Instant start = slot(2, 14);
        String email = email("ttl");
        Response hold =
                post("/v1/public/acme/holds", key(), holdBody(seller, start, start.plus(Duration.ofHours(1)), email));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        UUID id = UUID.fromString(hold.text("booking_id"));
        post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + id + "\"}");
        String token = tokenFromOutbox(email, "/verify");

        skip(Duration.ofMinutes(11));

        Response confirm = post("/v1/public/acme/confirm", key(), "{\"token\":\"" + token + "\"}");
        assertThat(confirm.status()).isEqualTo(409);
        assertThat(confirm.text("code")).isEqualTo("hold_expired");
        assertThat(status(id)).isEqualTo("expired");
        // the slot is free again
        Response again = post(
                "/v1/public/acme/holds",
                key(),
                holdBody(
                        seller, start, start.plus(Duration.ofHours(1)), "other-" + UUID.randomUUID() + "@example.com"));
        assertThat(again.status()).isEqualTo(201);
    }

    @Test
    void theSameSlotTwiceIs409SlotTaken() {
        UUID seller = newSalesperson();
        Instant start = slot(3, 9);
        Response first = post(
                "/v1/public/acme/holds", key(), holdBody(seller, start, start.plus(Duration.ofHours(1)), email("a")));
        Response second = post(
                "/v1/public/acme/holds", key(), holdBody(seller, start, start.plus(Duration.ofHours(1)), email("b")));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("code")).isEqualTo("slot_taken");
        assertThat(second.contentType()).startsWith("application/problem+json");
    }
}
