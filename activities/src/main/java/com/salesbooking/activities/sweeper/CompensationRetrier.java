package com.salesbooking.activities.sweeper;

import com.salesbooking.activities.SweepHeartbeat;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.meeting.MeetingProvider;
import com.salesbooking.store.compensation.CompensationJobs;
import com.salesbooking.store.compensation.CompensationJobs.Job;
import com.salesbooking.store.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Finishes compensating deletes that failed during a saga or a cancel: a Zoom meeting or Outlook event that
 * should not exist any more. Each pending {@code compensation_jobs} row is tried again after a back-off that
 * doubles per attempt (2, 4, 8 ... minutes, capped at 6 hours), and marked {@code abandoned} after
 * {@value #MAX_ATTEMPTS} attempts, where ops see it (and a log line names the booking).
 */
@Component
public class CompensationRetrier {

    private static final Logger log = LoggerFactory.getLogger(CompensationRetrier.class);

    /** About two days of doubling back-off: long enough to outlast any provider outage we have seen. */
    static final int MAX_ATTEMPTS = 12;

    static final Duration FIRST_BACKOFF = Duration.ofMinutes(2);
    static final Duration MAX_BACKOFF = Duration.ofHours(6);
    /** Bounded work per sweep round. */
    static final int BATCH = 50;

    private final CompensationJobs jobs;
    private final TenantDirectory directory;
    private final MeetingProvider meetings;
    private final CalendarProvider calendar;
    private final Clock clock;

    public CompensationRetrier(
            CompensationJobs jobs,
            TenantDirectory directory,
            MeetingProvider meetings,
            CalendarProvider calendar,
            Clock clock) {
        this.jobs = jobs;
        this.directory = directory;
        this.meetings = meetings;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** Tries the due jobs once each; returns how many were completed. */
    public int retryDue() {
        Instant now = clock.instant();
        int done = 0;
        for (Job job : jobs.pending(BATCH)) {
            SweepHeartbeat.beat();
            if (now.isBefore(job.updatedAt().plus(backoff(job.attempts())))) {
                continue;
            }
            if (job.lookup() && confirmMayStillRun(job, now)) {
                // a confirm saga of the booking may be creating right now: what a look-up found could be its own
                continue;
            }
            done += retry(job, now) ? 1 : 0;
        }
        return done;
    }

    /** While the hold lasts, the customer may confirm again; only then is the booking's calendar settled. */
    private static boolean confirmMayStillRun(Job job, Instant now) {
        return ("hold".equals(job.bookingStatus()) || "pending_verify".equals(job.bookingStatus()))
                && job.holdExpiresAt() != null
                && now.isBefore(job.holdExpiresAt().plus(Duration.ofMinutes(2)));
    }

    static Duration backoff(int attempts) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts, 20));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private boolean retry(Job job, Instant now) {
        var tenant = directory.tenant(job.tenantId()).orElseThrow().providerTenant();
        try {
            boolean zoom = "delete_zoom_meeting".equals(job.kind());
            if (job.lookup()) {
                // the booking's current meeting or event (a later confirm made it) is never what this job deletes
                var keep = jobs.storedRef(job.bookingId(), job.kind());
                List<String> found = zoom
                        ? meetings.findMeetingIds(tenant, zoomHost(job), job.lookupKey())
                        : calendar.findEventIds(
                                tenant, job.organizerUserId(), job.lookupKey(), job.startUtc(), job.endUtc());
                for (String ref : found) {
                    if (keep.isPresent() && keep.get().equals(ref)) {
                        continue;
                    }
                    SweepHeartbeat.beat();
                    delete(tenant, job, zoom, ref);
                    log.info(
                            "compensation found an unseen {} of booking={} and deleted it",
                            zoom ? "Zoom meeting" : "Outlook event",
                            job.bookingId());
                }
            } else {
                delete(tenant, job, zoom, job.providerRef());
            }
            jobs.markDone(job.id(), now);
            log.info("compensation done kind={} booking={} tenant={}", job.kind(), job.bookingId(), job.tenantId());
            return true;
        } catch (ProviderException e) {
            int attempts = job.attempts() + 1;
            boolean abandoned = attempts >= MAX_ATTEMPTS;
            jobs.markFailed(
                    job.id(),
                    attempts,
                    abandoned,
                    e.provider() + " " + e.operation() + " HTTP " + e.httpStatus() + " " + e.kind(),
                    now);
            if (abandoned) {
                log.error(
                        "compensation abandoned after {} attempts kind={} booking={} tenant={}: clean up by hand",
                        attempts,
                        job.kind(),
                        job.bookingId(),
                        job.tenantId());
            }
            return false;
        }
    }

    private void delete(com.salesbooking.providers.ProviderTenant tenant, Job job, boolean zoom, String ref) {
        if (zoom) {
            meetings.deleteMeeting(tenant, ref);
        } else {
            calendar.cancelEvent(tenant, job.organizerUserId(), ref, "This meeting was canceled.");
        }
    }

    /** The Zoom host the booking's meetings were created for (as the meeting activities choose it). */
    private static String zoomHost(Job job) {
        if (job.salespersonEmail() != null && !job.salespersonEmail().isBlank()) {
            return job.salespersonEmail();
        }
        return job.organizerUserId() != null && job.organizerUserId().contains("@") ? job.organizerUserId() : null;
    }
}
