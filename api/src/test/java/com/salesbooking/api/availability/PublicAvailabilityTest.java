package com.salesbooking.api.availability;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.store.availability.LiveBookings;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.TenantDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.salesbooking.api.availability.TestDatabase.ACME;
import static com.salesbooking.api.availability.TestDatabase.ANNA_BERLIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The public page's answer by tenant slug and salesperson id, as every api replica gives it: the tenant and
 * salesperson rows are read once and kept with their PostgreSQL row versions, a row changed by any process
 * (another replica, an admin, psql) is read again before the answer, and bookings are never kept. The directory
 * counts its versioned reads, the database round trips this cache saves.
 */
class PublicAvailabilityTest {

    static final Clock A_WEEK_BEFORE = Clock.fixed(Instant.parse("2027-03-22T06:00:00Z"), ZoneOffset.UTC);
    // Monday 2027-03-29, Berlin summer time: 09:00-17:00 local is 07:00Z-15:00Z
    static final LocalDate MONDAY = LocalDate.parse("2027-03-29");
    static final List<Instant> ALL_MONDAY_SLOTS = List.of(
            Instant.parse("2027-03-29T07:00:00Z"), Instant.parse("2027-03-29T08:00:00Z"),
            Instant.parse("2027-03-29T09:00:00Z"), Instant.parse("2027-03-29T10:00:00Z"),
            Instant.parse("2027-03-29T11:00:00Z"), Instant.parse("2027-03-29T12:00:00Z"),
            Instant.parse("2027-03-29T13:00:00Z"), Instant.parse("2027-03-29T14:00:00Z"));

    static TestDatabase db;

    CountingDirectory directory;
    FakeCalendar calendar;
    AvailabilityService service;
    UUID salesperson;

    @BeforeAll
    static void database() {
        db = TestDatabase.create(2);
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void freshReplica() {
        directory = new CountingDirectory(db);
        calendar = new FakeCalendar();
        service = new AvailabilityService(
                calendar,
                new LiveBookings(db.jdbc),
                directory,
                A_WEEK_BEFORE,
                AvailabilityProperties.defaults(),
                () -> 0L);
        salesperson = newSalespersonLikeAnna();
    }

    @Test
    void aRepeatedRequestReadsTheRowsOnceAndStillSeesABookingPlacedMeanwhile() {
        assertThat(starts()).isEqualTo(ALL_MONDAY_SLOTS);
        db.insertBooking(
                salesperson, Instant.parse("2027-03-29T09:00:00Z"), Instant.parse("2027-03-29T10:00:00Z"), "hold");

        // the booking's slot and, through the buffer, both neighbours
        assertThat(starts())
                .containsExactly(
                        Instant.parse("2027-03-29T07:00:00Z"),
                        Instant.parse("2027-03-29T11:00:00Z"),
                        Instant.parse("2027-03-29T12:00:00Z"),
                        Instant.parse("2027-03-29T13:00:00Z"),
                        Instant.parse("2027-03-29T14:00:00Z"));
        assertThat(directory.tenantReads).hasValue(1);
        assertThat(directory.salespersonReads).hasValue(1);
    }

    @Test
    void aTenantChangedByAnyProcessIsReadAgainBeforeAnswering() {
        assertThat(starts()).hasSize(8);
        try {
            db.jdbc
                    .sql("UPDATE tenants SET slot_length_minutes = 120 WHERE id = ?")
                    .param(ACME)
                    .update();

            assertThat(starts())
                    .containsExactly(
                            Instant.parse("2027-03-29T07:00:00Z"),
                            Instant.parse("2027-03-29T09:00:00Z"),
                            Instant.parse("2027-03-29T11:00:00Z"),
                            Instant.parse("2027-03-29T13:00:00Z"));
            assertThat(directory.tenantReads).hasValue(2);
        } finally {
            db.jdbc
                    .sql("UPDATE tenants SET slot_length_minutes = 60 WHERE id = ?")
                    .param(ACME)
                    .update();
        }
    }

    @Test
    void aSalespersonChangedByAnyProcessIsReadAgainBeforeAnswering() {
        assertThat(starts()).hasSize(8);
        db.jdbc
                .sql("UPDATE salespersons SET working_hours = '{\"mon\":[\"09:00-11:00\"]}' WHERE id = ?")
                .param(salesperson)
                .update();

        assertThat(starts())
                .containsExactly(Instant.parse("2027-03-29T07:00:00Z"), Instant.parse("2027-03-29T08:00:00Z"));
        assertThat(directory.salespersonReads).hasValue(2);
    }

    @Test
    void aSalespersonDeletedOrDeactivatedAfterItWasReadIsNotFound() {
        UUID deactivated = newSalespersonLikeAnna();
        assertThat(starts()).hasSize(8);
        assertThat(service.availability("acme", deactivated, MONDAY).slots()).hasSize(8);

        db.jdbc.sql("DELETE FROM salespersons WHERE id = ?").param(salesperson).update();
        db.jdbc
                .sql("UPDATE salespersons SET active = false WHERE id = ?")
                .param(deactivated)
                .update();

        for (UUID gone : List.of(salesperson, deactivated)) {
            assertThatThrownBy(() -> service.availability("acme", gone, MONDAY))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SALESPERSON_NOT_FOUND));
        }
    }

    @Test
    void aRowChangingOnEveryReadIsReadThreeTimesThenAnsweredFromAFreshRead() {
        // another process updates the salesperson's row right after each read of it, so no read is ever current
        directory.touchSalespersonAfterEachRead.set(true);

        assertThat(starts()).isEqualTo(ALL_MONDAY_SLOTS);
        assertThat(directory.salespersonReads).hasValue(4);
    }

    List<Instant> starts() {
        return service.availability("acme", salesperson, MONDAY).slots().stream()
                .map(Slot::startAt)
                .toList();
    }

    /** A salesperson of acme with Anna's zone and hours (Berlin, 09:00-17:00), a row of this test's own. */
    static UUID newSalespersonLikeAnna() {
        UUID id = UUID.randomUUID();
        db.jdbc.sql("""
                        INSERT INTO salespersons (id, tenant_id, graph_user_id, display_name, email, timezone, active,
                                                  working_hours)
                        SELECT ?, tenant_id, ?, display_name, NULL, timezone, true, working_hours
                          FROM salespersons WHERE id = ?""").param(id).param("graph-" + id).param(ANNA_BERLIN).update();
        return id;
    }

    /** The real directory, counting its versioned reads; optionally another process touching the row after each. */
    static final class CountingDirectory extends TenantDirectory {

        final AtomicInteger tenantReads = new AtomicInteger();
        final AtomicInteger salespersonReads = new AtomicInteger();
        final AtomicBoolean touchSalespersonAfterEachRead = new AtomicBoolean();
        private final TestDatabase db;

        CountingDirectory(TestDatabase db) {
            super(db.jdbc);
            this.db = db;
        }

        @Override
        public Optional<Versioned<com.salesbooking.store.tenant.Tenant>> activeTenantBySlugVersioned(String slug) {
            tenantReads.incrementAndGet();
            return super.activeTenantBySlugVersioned(slug);
        }

        @Override
        public Optional<Versioned<Salesperson>> salespersonVersioned(UUID tenantId, UUID salespersonId) {
            salespersonReads.incrementAndGet();
            Optional<Versioned<Salesperson>> read = super.salespersonVersioned(tenantId, salespersonId);
            if (touchSalespersonAfterEachRead.get()) {
                db.jdbc
                        .sql("UPDATE salespersons SET display_name = display_name WHERE id = ?")
                        .param(salespersonId)
                        .update();
            }
            return read;
        }
    }
}
