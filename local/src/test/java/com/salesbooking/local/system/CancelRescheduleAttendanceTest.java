package com.salesbooking.local.system;

import com.salesbooking.providers.sandbox.SandboxFaults;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancel and reschedule (with the 24-hour deadline as a workflow timer) and attendance, through the real api. */
class CancelRescheduleAttendanceTest extends SystemTestSupport {

    /** Two days instead of 30: the same rule, crossed with fewer sweeper rounds to replay. */
    @org.springframework.test.context.DynamicPropertySource
    static void shortAttendanceWindow(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("booking.attendance-window", () -> "P2D");
    }

    private String tokenBody(String token) {
        return "{\"token\":\"" + token + "\"}";
    }

    private Response cancel(UUID booking, String token) {
        return post("/v1/public/acme/bookings/" + booking + "/cancel", key(), tokenBody(token));
    }

    private Instant startOf(UUID booking) {
        return jdbc.sql("SELECT start_at_utc FROM bookings WHERE id = ?")
                .param(booking)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
    }

    @Test
    void cancelOneSecondBeforeTheDeadlineIs200AndOneSecondAfterIs409() {
        UUID seller = newSalesperson();
        String early = email("early");
        String late = email("late");
        UUID first = confirmedBooking(seller, slot(3, 10), early);
        UUID second = confirmedBooking(seller, slot(3, 14), late);
        String firstToken = tokenFromOutbox(early, "/manage");
        String secondToken = tokenFromOutbox(late, "/manage");

        skip(Duration.between(now(), startOf(first).minus(Duration.ofHours(24)).minusSeconds(1)));
        Response ok = cancel(first, firstToken);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.text("status")).isEqualTo("canceled");

        skip(Duration.between(now(), startOf(second).minus(Duration.ofHours(24)).plusSeconds(1)));
        Response refused = cancel(second, secondToken);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("cancel_deadline_passed");
        assertThat(status(second)).isEqualTo("confirmed");
        Response reschedule = post(
                "/v1/public/acme/bookings/" + second + "/reschedule",
                key(),
                "{\"token\":\"%s\",\"new_start_at\":\"%s\",\"new_end_at\":\"%s\"}"
                        .formatted(secondToken, slot(6, 10), slot(6, 11)));
        assertThat(reschedule.status()).isEqualTo(409);
        assertThat(reschedule.text("code")).isEqualTo("cancel_deadline_passed");
    }

    @Test
    void cancelTwiceIs200TwiceWithOneOutlookCancelAndOneZoomDelete() {
        UUID seller = newSalesperson();
        String mail = email("twice");
        UUID id = confirmedBooking(seller, slot(4, 10), mail);
        String token = tokenFromOutbox(mail, "/manage");
        int graphCancels = graph.cancelCalls();
        int zoomDeletes = zoom.deleteCalls();
        Response first = cancel(id, token);
        Response second = cancel(id, token);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.text("status")).isEqualTo("canceled");
        assertThat(graph.cancelCalls() - graphCancels).isEqualTo(1);
        assertThat(zoom.deleteCalls() - zoomDeletes).isEqualTo(1);
        assertThat(jdbc.sql("SELECT cancel_reason || '/' || canceled_by FROM bookings WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("customer/customer");
        assertThat(mailbox.outbox(mail).get(0).subject()).contains("canceled");
        // the slot is free again
        Response again =
                post("/v1/public/acme/holds", key(), holdBody(seller, slot(4, 10), slot(4, 11), email("next")));
        assertThat(again.status()).isEqualTo(201);
    }

    @Test
    void cancelWithZoomDeleteFailingStillCancelsAndLeavesACompensationRecord() {
        UUID seller = newSalesperson();
        String mail = email("zoomdown");
        UUID id = confirmedBooking(seller, slot(4, 14), mail);
        faults.inject("zoom", "deleteMeeting", SandboxFaults.Mode.FAIL, 10);
        Response response = cancel(id, tokenFromOutbox(mail, "/manage"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("canceled");
        assertThat(jdbc.sql("SELECT kind FROM compensation_jobs WHERE booking_id = ?")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("delete_zoom_meeting");
    }

    @Test
    void rescheduleToATakenSlotIs409AndLeavesTheOldBookingConfirmedAndUntouched() {
        UUID seller = newSalesperson();
        String mail = email("resched-taken");
        UUID id = confirmedBooking(seller, slot(5, 10), mail);
        confirmedBooking(seller, slot(5, 14), email("other"));
        int zoomDeletes = zoom.deleteCalls();
        Response response = post(
                "/v1/public/acme/bookings/" + id + "/reschedule",
                key(),
                "{\"token\":\"%s\",\"new_start_at\":\"%s\",\"new_end_at\":\"%s\"}"
                        .formatted(tokenFromOutbox(mail, "/manage"), slot(5, 14), slot(5, 15)));
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.text("code")).isEqualTo("slot_taken");
        assertThat(status(id)).isEqualTo("confirmed");
        assertThat(count("SELECT count(*) FROM meetings WHERE booking_id = ?", id))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM graph_events WHERE booking_id = ?", id))
                .isEqualTo(1);
        assertThat(zoom.deleteCalls()).isEqualTo(zoomDeletes);
    }

    @Test
    void rescheduleCancelsAndLinksTheOldBookingHoldsTheNewSlotAndSendsItsVerifyEmail() {
        UUID seller = newSalesperson();
        String mail = email("resched");
        UUID old = confirmedBooking(seller, slot(6, 10), mail);
        String manage = tokenFromOutbox(mail, "/manage");
        String key = key();
        String body = "{\"token\":\"%s\",\"new_start_at\":\"%s\",\"new_end_at\":\"%s\"}"
                .formatted(manage, slot(7, 11), slot(7, 12));
        Response response = post("/v1/public/acme/bookings/" + old + "/reschedule", key, body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        UUID fresh = UUID.fromString(response.text("booking_id"));
        assertThat(response.text("status")).isEqualTo("pending_verify");
        assertThat(response.text("rescheduled_from")).isEqualTo(old.toString());
        assertThat(status(old)).isEqualTo("canceled");
        assertThat(jdbc.sql("SELECT cancel_reason FROM bookings WHERE id = ?")
                        .param(old)
                        .query(String.class)
                        .single())
                .isEqualTo("rescheduled");
        assertThat(jdbc.sql("SELECT rescheduled_from_booking_id FROM bookings WHERE id = ?")
                        .param(fresh)
                        .query(UUID.class)
                        .single())
                .isEqualTo(old);
        assertThat(status(fresh)).isEqualTo("pending_verify");
        assertThat(mailbox.outbox(mail))
                .anyMatch(m -> m.links().stream().anyMatch(l -> l.contains("/verify?token="))
                        && m.body().contains("Confirm"));

        // the same request again: the same answer, still one new booking
        Response replay = post("/v1/public/acme/bookings/" + old + "/reschedule", key, body);
        assertThat(replay.body()).isEqualTo(response.body());
        assertThat(count("SELECT count(*) FROM bookings WHERE rescheduled_from_booking_id = ?", old))
                .isEqualTo(1);
        // the old manage token is spent
        Response reused = post("/v1/public/acme/bookings/" + old + "/cancel", key(), tokenBody(manage));
        assertThat(reused.status()).isEqualTo(200);
        assertThat(reused.text("status")).isEqualTo("canceled");
        Response rescheduleAgain = post(
                "/v1/public/acme/bookings/" + old + "/reschedule",
                key(),
                "{\"token\":\"%s\",\"new_start_at\":\"%s\",\"new_end_at\":\"%s\"}"
                        .formatted(manage, slot(7, 14), slot(7, 15)));
        assertThat(rescheduleAgain.status()).isEqualTo(409);
        assertThat(rescheduleAgain.text("code")).isEqualTo("token_used");
        // and the new booking confirms with its own verify link
        Response confirm = post("/v1/public/acme/confirm", key(), tokenBody(tokenFromOutbox(mail, "/verify")));
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(status(fresh)).isEqualTo("confirmed");
    }

    private Response attendance(UUID booking, String apiKey, UUID tenant, String status) {
        return attendance(booking, apiKey, tenant == null ? null : tenant.toString(), status);
    }

    /** @param tenant X-Tenant-Id: the tenant's id or slug, or null to send none */
    private Response attendance(UUID booking, String apiKey, String tenant, String status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/internal/attendance/" + booking))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}"));
        if (apiKey != null) {
            request.header("X-Admin-Api-Key", apiKey);
        }
        if (tenant != null) {
            request.header("X-Tenant-Id", tenant);
        }
        return send(request);
    }

    @Test
    @SendsInvalidRequests
    void attendanceNeedsTheTenantsKeyAStartedMeetingAndTheLastCallWinsWithBothAudited() {
        UUID seller = newSalesperson();
        UUID id = confirmedBooking(seller, slot(2, 16), email("attend"));
        assertThat(attendance(id, null, ACME, "attended").status()).isEqualTo(401);
        assertThat(attendance(id, "local-admin-key-globex", ACME, "attended").status())
                .isEqualTo(403);
        // an unknown key is 401 like a missing one (issue 16); a known key of another tenant is 403
        assertThat(attendance(id, "wrong", ACME, "attended").status()).isEqualTo(401);
        assertThat(attendance(id, "local-admin-key", "globex", "attended").status())
                .isEqualTo(403);
        Response otherTenant = attendance(id, "local-admin-key-globex", GLOBEX, "attended");
        assertThat(otherTenant.status()).isEqualTo(404);
        assertThat(otherTenant.text("code")).isEqualTo("booking_not_found");
        Response early = attendance(id, "local-admin-key", ACME, "attended");
        assertThat(early.status()).isEqualTo(409);
        assertThat(attendance(id, "local-admin-key", ACME, "maybe").status()).isEqualTo(400);

        skip(Duration.between(now(), startOf(id).plus(Duration.ofMinutes(5))));
        assertThat(attendance(id, "local-admin-key", ACME, "attended").status()).isEqualTo(200);
        // X-Tenant-Id is optional and may be the slug: the key alone names the tenant
        assertThat(attendance(id, "local-admin-key", "acme", "attended").status())
                .isEqualTo(200);
        assertThat(attendance(id, "local-admin-key", (String) null, "attended").status())
                .isEqualTo(200);
        Response corrected = attendance(id, "local-admin-key", ACME, "no_show");
        assertThat(corrected.status()).isEqualTo(200);
        assertThat(corrected.text("attendance")).isEqualTo("no_show");
        assertThat(jdbc.sql("""
                        SELECT meta_json->>'attendance' FROM audit_logs
                         WHERE target_id = ? AND action = 'booking.attendance_recorded' ORDER BY id""").param(id.toString()).query(String.class).list())
                .containsExactly("attended", "attended", "attended", "no_show");
        assertThat(status(id)).isEqualTo("confirmed");
    }

    @Test
    void attendanceIsRecordedUntilTheAttendanceWindowAfterTheMeetingEndsAndRefusedAfter() {
        UUID id = confirmedBooking(newSalesperson(), slot(2, 14), email("window"));
        Instant end = startOf(id).plus(Duration.ofHours(1));

        // this class's window (see shortAttendanceWindow): two days after the meeting's end
        skip(Duration.between(now(), end.plus(Duration.ofDays(2)).minus(Duration.ofMinutes(1))));
        assertThat(attendance(id, "local-admin-key", ACME, "attended").status()).isEqualTo(200);
        skip(Duration.ofMinutes(2));
        Response late = attendance(id, "local-admin-key", ACME, "no_show");

        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.text("code")).isEqualTo("invalid_state");
        assertThat(jdbc.sql(
                                "SELECT meta_json->>'attendance' FROM audit_logs WHERE target_id = ? AND action = 'booking.attendance_recorded'")
                        .param(id.toString())
                        .query(String.class)
                        .list())
                .containsExactly("attended");
    }
}
