package com.salesbooking.store.compensation;

import com.salesbooking.store.StoreTestDatabase;
import com.salesbooking.store.compensation.CompensationJobs.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static com.salesbooking.store.StoreTestDatabase.ACME;
import static com.salesbooking.store.StoreTestDatabase.ANNA;
import static org.assertj.core.api.Assertions.assertThat;

/** Compensation jobs: recorded once per (booking, kind, ref), found by the booking, a look-up job by its key. */
class CompensationJobsTest {

    private static final Instant NOW = Instant.parse("2027-06-01T08:00:00Z");

    private static StoreTestDatabase db;
    private static CompensationJobs jobs;

    @BeforeAll
    static void database() {
        db = new StoreTestDatabase();
        jobs = new CompensationJobs(db.jdbc);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aJobIsRecordedOnceAndItsMeetingIsNeverAdoptedByTheBookingsRetriedCreate() {
        UUID booking = hold(1);
        UUID other = hold(2);

        assertThat(jobs.record(ACME, booking, "delete_zoom_meeting", "zoom-1", NOW))
                .isTrue();
        assertThat(jobs.record(ACME, booking, "delete_zoom_meeting", "zoom-1", NOW))
                .isFalse();
        jobs.record(ACME, booking, "delete_graph_event", "event-1", NOW);
        jobs.record(ACME, other, "delete_zoom_meeting", "zoom-other", NOW);

        assertThat(jobs.zoomMeetingsBeingDeleted(booking)).containsExactly("zoom-1");
        assertThat(jobs.zoomMeetingsBeingDeleted(hold(3))).isEmpty();
    }

    @Test
    void aJobRecordedWithoutAStoredRefIsALookUpByTheBooking() {
        UUID booking = hold(4);
        String ref = CompensationJobs.LOOKUP_PREFIX + "booking-" + booking + "-";

        jobs.record(ACME, booking, "delete_graph_event", ref, NOW);

        Job job = jobs.pending(1000).stream()
                .filter(j -> j.bookingId().equals(booking))
                .findFirst()
                .orElseThrow();
        assertThat(job.lookup()).isTrue();
        assertThat(job.lookupKey()).isEqualTo("booking-" + booking + "-");
        assertThat(job.organizerUserId()).as("joined from the salesperson").isNotNull();
    }

    private static UUID hold(int hourOffset) {
        return db.hold(ANNA, Instant.parse("2027-06-08T00:00:00Z").plus(Duration.ofHours(hourOffset)), NOW)
                .id();
    }
}
