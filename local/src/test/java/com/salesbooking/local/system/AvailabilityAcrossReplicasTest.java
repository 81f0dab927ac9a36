package com.salesbooking.local.system;

import com.salesbooking.api.availability.AvailabilityProperties;
import com.salesbooking.api.availability.AvailabilityService;
import com.salesbooking.api.availability.Slot;
import com.salesbooking.store.availability.LiveBookings;
import com.salesbooking.store.tenant.TenantDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Availability on one api replica follows bookings and settings changed through another. This system's api is one
 * replica; the other is a second {@link AvailabilityService} with caches of its own on the same PostgreSQL (all two
 * replicas share), as a second api process would have. The other replica answers first, so its tenant, salesperson and
 * Graph caches are warm when the change happens elsewhere.
 */
class AvailabilityAcrossReplicasTest extends SystemTestSupport {

    @Autowired
    Clock clock;

    private AvailabilityService otherReplica;

    @BeforeEach
    void otherReplica() {
        otherReplica = new AvailabilityService(
                graph, new LiveBookings(jdbc), new TenantDirectory(jdbc), clock, AvailabilityProperties.defaults());
    }

    @Test
    void aHoldPlacedOnOneReplicaDisappearsFromTheOtherReplicasNextAnswerAndComesBackWhenItExpires() {
        UUID seller = newSalesperson();
        Instant start = slot(3, 10);
        LocalDate date = start.atZone(BERLIN).toLocalDate();
        assertThat(starts(otherReplica.availability("acme", seller, date))).contains(start);

        Response hold =
                post("/v1/public/acme/holds", key(), holdBody(seller, start, start.plusSeconds(3600), email("r")));
        assertThat(hold.status()).isEqualTo(201);

        assertThat(starts(otherReplica.availability("acme", seller, date))).doesNotContain(start);
        assertThat(get("/v1/public/acme/availability?salesperson=" + seller + "&date=" + date)
                        .body())
                .doesNotContain("\"start_at\":\"" + start + "\"");

        // the hold's workflow expires it after the TTL (10 minutes) plus its grace
        skip(Duration.ofMinutes(20));
        await().atMost(PATIENCE)
                .until(
                        () -> jdbc.sql("SELECT status FROM bookings WHERE id = ?::uuid")
                                .param(hold.text("booking_id"))
                                .query(String.class)
                                .single(),
                        "expired"::equals);
        assertThat(starts(otherReplica.availability("acme", seller, date))).contains(start);
    }

    @Test
    void workingHoursChangedElsewhereShowInTheOtherReplicasNextAnswer() {
        UUID seller = newSalesperson();
        Instant start = slot(3, 10);
        LocalDate date = start.atZone(BERLIN).toLocalDate();
        assertThat(starts(otherReplica.availability("acme", seller, date))).contains(start);

        // afternoons only, written by another process (an admin request on any replica)
        jdbc.sql("""
                        UPDATE salespersons SET working_hours = '{"mon":["14:00-17:00"],"tue":["14:00-17:00"],
                          "wed":["14:00-17:00"],"thu":["14:00-17:00"],"fri":["14:00-17:00"]}' WHERE id = ?""").param(seller).update();

        List<Instant> afterwards = starts(otherReplica.availability("acme", seller, date));
        assertThat(afterwards).doesNotContain(start).contains(slot(3, 14));

        // deactivated: the salesperson is gone for the public on the next answer
        jdbc.sql("UPDATE salespersons SET active = false WHERE id = ?")
                .param(seller)
                .update();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> otherReplica.availability("acme", seller, date))
                .isInstanceOfSatisfying(
                        com.salesbooking.api.error.ApiException.class,
                        e -> assertThat(e.code())
                                .isEqualTo(com.salesbooking.api.error.ErrorCode.SALESPERSON_NOT_FOUND));
    }

    private static List<Instant> starts(com.salesbooking.api.availability.DayAvailability day) {
        return day.slots().stream().map(Slot::startAt).toList();
    }
}
