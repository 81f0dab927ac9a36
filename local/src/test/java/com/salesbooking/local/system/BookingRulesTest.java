package com.salesbooking.local.system;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input, illegal transitions, tokens and idempotency: clear 4xx answers, nothing written, never a 5xx. */
class BookingRulesTest extends SystemTestSupport {

    private int bookings() {
        return count("SELECT count(*) FROM bookings");
    }

    private void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo(code);
        assertThat(response.body()).doesNotContain("Exception", "at com.");
    }

    @Test
    @SendsInvalidRequests
    void badHoldInputsAreRefusedWithProblemJsonAndNothingIsWritten() {
        UUID seller = newSalesperson();
        Instant start = slot(2, 10);
        Instant end = start.plus(Duration.ofHours(1));
        int before = bookings();
        int keysBefore = count("SELECT count(*) FROM idempotency_keys");
        int customersBefore = count("SELECT count(*) FROM customers");

        assertProblem(
                post("/v1/public/acme/holds", null, holdBody(seller, start, end, email("x"))),
                400,
                "idempotency_key_missing");
        Response noOffset = post(
                "/v1/public/acme/holds",
                key(),
                holdBody(seller, start, end, email("x")).replace(start.toString(), "2027-03-10T10:00:00"));
        assertProblem(noOffset, 400, "invalid_datetime");
        assertThat(noOffset.text("field")).isEqualTo("start_at");
        assertProblem(
                post("/v1/public/acme/holds", key(), holdBody(seller, end, start, email("x"))), 400, "invalid_request");
        assertProblem(
                post("/v1/public/acme/holds", key(), holdBody(UUID.randomUUID(), start, end, email("x"))),
                404,
                "salesperson_not_found");
        assertProblem(post("/v1/public/acme/holds", key(), "{\"salesperson_id\": "), 400, "invalid_request");
        Response badEmail = post("/v1/public/acme/holds", key(), holdBody(seller, start, end, "not-an-email"));
        assertProblem(badEmail, 400, "invalid_request");
        assertThat(badEmail.text("field")).isEqualTo("customer.email");
        assertProblem(
                post("/v1/public/acme/holds", key(), "{\"salesperson_id\":\"" + "x".repeat(70_000) + "\"}"),
                413,
                "payload_too_large");
        assertProblem(
                post("/v1/public/nope/holds", key(), holdBody(seller, start, end, email("x"))),
                404,
                "tenant_not_found");
        assertProblem(
                send(HttpRequest.newBuilder(uri("/v1/public/acme/holds"))
                        .header("Idempotency-Key", key())
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hi"))),
                415,
                "unsupported_media_type");

        assertThat(bookings()).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM idempotency_keys")).isEqualTo(keysBefore);
        assertThat(count("SELECT count(*) FROM customers")).isEqualTo(customersBefore);
    }

    @Test
    void holdsOutsideTheAvailabilityRulesAre409SlotUnavailable() {
        UUID seller = newSalesperson();
        Instant onGrid = slot(2, 10);
        assertProblem(
                post(
                        "/v1/public/acme/holds",
                        key(),
                        holdBody(
                                seller,
                                onGrid.plus(Duration.ofMinutes(30)),
                                onGrid.plus(Duration.ofMinutes(90)),
                                email("grid"))),
                409,
                "slot_unavailable");
        assertProblem(
                post("/v1/public/acme/holds", key(), holdBody(seller, slot(2, 18), slot(2, 19), email("late"))),
                409,
                "slot_unavailable");
        Instant past = slot(1, 10).minus(Duration.ofDays(7));
        assertProblem(
                post(
                        "/v1/public/acme/holds",
                        key(),
                        holdBody(seller, past, past.plus(Duration.ofHours(1)), email("past"))),
                409,
                "slot_unavailable");
        Instant farAway = slot(70, 10);
        assertProblem(
                post(
                        "/v1/public/acme/holds",
                        key(),
                        holdBody(seller, farAway, farAway.plus(Duration.ofHours(1)), email("far"))),
                409,
                "slot_unavailable");
    }

    @Test
    void anIdempotencyKeyReplayReturnsTheIdenticalResponseAndAnotherBodyGets422() {
        UUID seller = newSalesperson();
        Instant start = slot(3, 11);
        String key = key();
        String body = holdBody(seller, start, start.plus(Duration.ofHours(1)), email("idem"));
        Response first = post("/v1/public/acme/holds", key, body);
        Response replay = post("/v1/public/acme/holds", key, body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(count("SELECT count(*) FROM bookings WHERE salesperson_id = ?", seller))
                .isEqualTo(1);
        Instant other = slot(3, 14);
        assertProblem(
                post(
                        "/v1/public/acme/holds",
                        key,
                        holdBody(seller, other, other.plus(Duration.ofHours(1)), email("idem"))),
                422,
                "idempotency_key_reused");
        assertThat(count("SELECT count(*) FROM bookings WHERE salesperson_id = ?", seller))
                .isEqualTo(1);
    }

    @Test
    void tokensOfAnotherTenantBookingOrAudienceAndForgedTokensAreRefused() {
        UUID seller = newSalesperson();
        String mail = email("tok");
        UUID booking = confirmedBooking(seller, slot(4, 10), mail);
        String manage = tokenFromOutbox(mail, "/manage");
        String verify = tokenFromOutbox(mail, "/verify");

        UUID otherBooking = confirmedBooking(seller, slot(4, 13), email("tok2"));
        int events = count("SELECT count(*) FROM tracking_events");
        int audits = count("SELECT count(*) FROM audit_logs");
        int keys = count("SELECT count(*) FROM idempotency_keys");
        // a manage token for another booking
        assertProblem(
                post("/v1/public/acme/bookings/" + otherBooking + "/cancel", key(), "{\"token\":\"" + manage + "\"}"),
                401,
                "token_invalid");
        // the verify token used as a manage token, and the manage token used as a verify token
        assertProblem(
                post("/v1/public/acme/bookings/" + booking + "/cancel", key(), "{\"token\":\"" + verify + "\"}"),
                401,
                "token_invalid");
        assertProblem(post("/v1/public/acme/confirm", key(), "{\"token\":\"" + manage + "\"}"), 401, "token_invalid");
        // a token presented under another tenant's slug
        assertProblem(
                post("/v1/public/globex/bookings/" + booking + "/cancel", key(), "{\"token\":\"" + manage + "\"}"),
                401,
                "token_invalid");
        // signed with a key we do not know, and unsigned
        String forged = Jwts.builder()
                .header()
                .keyId("test")
                .and()
                .issuer("salesbooking")
                .audience()
                .add("booking-verify")
                .and()
                .subject(booking.toString())
                .claim("tid", ACME.toString())
                .id("x")
                .expiration(Date.from(now().plus(Duration.ofHours(1))))
                .signWith(Keys.hmacShaKeyFor("a-completely-different-key-32-bytes!".getBytes()), Jwts.SIG.HS256)
                .compact();
        assertProblem(post("/v1/public/acme/confirm", key(), "{\"token\":\"" + forged + "\"}"), 401, "token_invalid");
        String unknownKid = Jwts.builder()
                .header()
                .keyId("nobody")
                .and()
                .issuer("salesbooking")
                .audience()
                .add("booking-verify")
                .and()
                .subject(booking.toString())
                .claim("tid", ACME.toString())
                .id("x")
                .expiration(Date.from(now().plus(Duration.ofHours(1))))
                .signWith(Keys.hmacShaKeyFor("a-completely-different-key-32-bytes!".getBytes()), Jwts.SIG.HS256)
                .compact();
        assertProblem(
                post("/v1/public/acme/confirm", key(), "{\"token\":\"" + unknownKid + "\"}"), 401, "token_invalid");
        assertProblem(post("/v1/public/acme/confirm", key(), "{\"token\":\"garbage\"}"), 401, "token_invalid");
        assertThat(status(booking)).isEqualTo("confirmed");
        assertThat(status(otherBooking)).isEqualTo("confirmed");
        // nothing written: no transition, no audit entry, not even an idempotency key
        assertThat(count("SELECT count(*) FROM tracking_events")).isEqualTo(events);
        assertThat(count("SELECT count(*) FROM audit_logs")).isEqualTo(audits);
        assertThat(count("SELECT count(*) FROM idempotency_keys")).isEqualTo(keys);
    }

    @Test
    void aVerifyTokenOfAnotherTenantIsRefusedUnderThisTenantsSlug() {
        UUID globexSeller = newSalesperson(GLOBEX, ZoneId.of("America/Chicago"));
        String mail = email("globex");
        pendingBooking("globex", globexSeller, slot(ZoneId.of("America/Chicago"), 4, 10), mail);
        String globexToken = tokenFromOutbox(mail, "/verify");
        int events = count("SELECT count(*) FROM tracking_events");
        assertProblem(
                post("/v1/public/acme/confirm", key(), "{\"token\":\"" + globexToken + "\"}"), 401, "token_invalid");
        assertThat(count("SELECT count(*) FROM tracking_events")).isEqualTo(events);
        // under its own slug it confirms, as a Teams meeting: no Zoom call at all
        int zoomCalls = zoom.createCalls();
        Response ok = post("/v1/public/globex/confirm", key(), "{\"token\":\"" + globexToken + "\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.text("join_url")).startsWith("https://teams.sandbox.local/");
        assertThat(zoom.createCalls()).isEqualTo(zoomCalls);
    }

    @Test
    void illegalTransitionsAre409WithTheirCodes() {
        UUID seller = newSalesperson();
        String mail = email("illegal");
        UUID id = confirmedBooking(seller, slot(5, 10), mail);
        assertProblem(
                post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + id + "\"}"),
                409,
                "invalid_state");
        assertProblem(
                post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + UUID.randomUUID() + "\"}"),
                404,
                "booking_not_found");
        Response hold = post("/v1/public/acme/holds", key(), holdBody(seller, slot(5, 14), slot(5, 15), email("h")));
        UUID holdId = UUID.fromString(hold.text("booking_id"));
        // a hold cannot be confirmed before its email is verified: there is no token, so none can be valid
        assertThat(status(holdId)).isEqualTo("hold");
        assertProblem(post("/v1/public/acme/confirm", key(), "{\"token\":\"\"}"), 400, "invalid_request");
    }

    @Test
    void oneEmailHoldsAtMostThreeUnconfirmedBookingsAndOneBookingGetsAtMostFiveVerificationEmails() {
        UUID seller = newSalesperson();
        String mail = email("squatter");
        for (int hour = 9; hour <= 13; hour += 2) {
            assertThat(post("/v1/public/acme/holds", key(), holdBody(seller, slot(6, hour), slot(6, hour + 1), mail))
                            .status())
                    .isEqualTo(201);
        }
        int before = bookings();
        Response fourth = post("/v1/public/acme/holds", key(), holdBody(seller, slot(6, 15), slot(6, 16), mail));
        assertProblem(fourth, 429, "rate_limited");
        assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
        assertThat(bookings()).isEqualTo(before);

        String other = email("bomb");
        UUID id = pendingBooking("acme", seller, slot(7, 10), other);
        for (int i = 2; i <= 5; i++) {
            assertThat(post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + id + "\"}")
                            .status())
                    .isEqualTo(200);
        }
        assertProblem(
                post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + id + "\"}"),
                429,
                "rate_limited");
        assertThat(mailbox.outbox(other)).hasSize(5);
        // every re-send carries the same link
        assertThat(mailbox.outbox(other).stream().map(m -> m.links().get(0)).distinct())
                .hasSize(1);
    }
}
