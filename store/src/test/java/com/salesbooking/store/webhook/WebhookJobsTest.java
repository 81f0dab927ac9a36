package com.salesbooking.store.webhook;

import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.store.StoreTestDatabase;
import com.salesbooking.store.meeting.MeetingStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static com.salesbooking.store.StoreTestDatabase.ACME;
import static com.salesbooking.store.StoreTestDatabase.ANNA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook job rows' rules: a job is done or failed once, and a change that may otherwise be lost (a job failed
 * after its retries, or one ignored during the booking's confirm saga) is examined again as one new job. No Temporal
 * here: every hand-off to a workflow fails, which leaves the new job queued for the sweeper's next round, as it
 * would with Temporal down.
 */
class WebhookJobsTest {

    private static final Instant NOW = Instant.parse("2027-05-01T08:00:00Z");

    private static StoreTestDatabase db;

    @BeforeAll
    static void database() {
        db = new StoreTestDatabase();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aJobIsCompletedOnceAndADoneJobNeverFails() {
        WebhookJobs jobs = jobsAt(NOW);
        UUID job = enqueue(jobs, "event-done", NOW);
        jobs.startAttempt(job, NOW);
        jobs.recordError(job, "graph 503");

        assertThat(jobs.status(job)).isEqualTo("dispatched");
        assertThat(jobs.find(job).orElseThrow().attempt()).isEqualTo(1);
        assertThat(jobs.complete(job, "moved: first", NOW)).isTrue();
        assertThat(jobs.complete(job, "moved: second", NOW)).isFalse();
        assertThat(jobs.fail(job, "failed: timeout", NOW)).isFalse();

        assertThat(jobs.status(job)).isEqualTo("done");
        assertThat(column(job, "outcome")).isEqualTo("moved: first");
        assertThat(column(job, "last_error")).as("a done job carries no error").isNull();
    }

    @Test
    void aFailedJobIsExaminedAgainAsOneNewJobOnceItsPauseHasPassed() {
        UUID failed = enqueue(jobsAt(NOW), "event-failed", NOW);
        assertThat(jobsAt(NOW).fail(failed, "failed: ActivityFailure", NOW)).isTrue();
        assertThat(jobsAt(NOW).fail(failed, "failed: again", NOW)).isFalse();

        jobsAt(NOW.plus(WebhookJobs.FAILED_PAUSE).minusSeconds(1)).requeueUnsettled();
        assertThat(successors("event-failed")).as("still within its pause").isEmpty();

        jobsAt(NOW.plus(WebhookJobs.FAILED_PAUSE).plusSeconds(1)).requeueUnsettled();
        jobsAt(NOW.plus(WebhookJobs.FAILED_PAUSE).plusSeconds(2)).requeueUnsettled();

        List<UUID> successors = successors("event-failed");
        assertThat(successors).hasSize(1);
        assertThat(column(failed, "requeued_as")).isEqualTo(successors.get(0).toString());
        assertThat(jobsAt(NOW).status(successors.get(0))).isEqualTo("queued");
        assertThat(jobsAt(NOW).find(successors.get(0)).orElseThrow().receivedAtUtc())
                .as("the successor keeps when Graph sent the change")
                .isEqualTo(NOW);
    }

    @Test
    void aJobFailedLongAgoIsLeftToTheRenewalResync() {
        Instant longAgo = NOW.minus(WebhookJobs.REQUEUE_WINDOW).minusSeconds(60);
        UUID old = enqueue(jobsAt(longAgo), "event-old", longAgo);
        jobsAt(longAgo).fail(old, "failed: ActivityFailure", longAgo);

        jobsAt(NOW).requeueUnsettled();

        assertThat(successors("event-old")).isEmpty();
    }

    @Test
    void aChangeIgnoredDuringTheConfirmSagaIsExaminedAgainOnceTheBookingIsConfirmed() {
        UUID booking = db.hold(ANNA, Instant.parse("2027-05-08T09:00:00Z"), NOW).id();
        new MeetingStore(db.jdbc).saveCalendarEvent(booking, "anna", "event-saga", "uid", "ck", NOW);
        UUID ignored = enqueue(jobsAt(NOW), "event-saga", NOW);
        jobsAt(NOW).complete(ignored, "ignore: booking is pending_verify", NOW);

        jobsAt(NOW.plusSeconds(60)).requeueUnsettled();
        assertThat(successors("event-saga"))
                .as("the booking is not confirmed yet")
                .isEmpty();

        db.status(booking, "confirmed");
        jobsAt(NOW.plusSeconds(120)).requeueUnsettled();
        assertThat(successors("event-saga")).hasSize(1);
    }

    private static WebhookJobs jobsAt(Instant now) {
        return new WebhookJobs(
                db.jdbc,
                db.tx,
                null,
                null,
                Clock.fixed(now, ZoneOffset.UTC),
                new BookingMetrics(new SimpleMeterRegistry()));
    }

    private static UUID enqueue(WebhookJobs jobs, String eventId, Instant receivedAt) {
        UUID id = UUID.randomUUID();
        jobs.enqueue(List.of(new WebhookJob(
                id, ACME, ANNA, "sub-1", "updated", eventId, "Users/anna/Events/" + eventId, receivedAt, 0)));
        return id;
    }

    /** The jobs the sweeper queued for this event (the first job excluded). */
    private static List<UUID> successors(String eventId) {
        return db.jdbc.sql("""
                        SELECT j.id FROM webhook_jobs j
                         WHERE j.resource_id = ? AND EXISTS (SELECT 1 FROM webhook_jobs o WHERE o.requeued_as = j.id)""").param(eventId).query(UUID.class).list();
    }

    private static String column(UUID jobId, String column) {
        return db.jdbc
                .sql("SELECT " + column + "::text FROM webhook_jobs WHERE id = ?")
                .param(jobId)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
