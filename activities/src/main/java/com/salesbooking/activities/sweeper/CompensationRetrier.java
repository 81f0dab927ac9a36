package com.salesbooking.activities.sweeper;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.meeting.MeetingProvider;
import com.salesbooking.store.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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

    private final JdbcClient jdbc;
    private final TenantDirectory directory;
    private final MeetingProvider meetings;
    private final CalendarProvider calendar;
    private final Clock clock;

    public CompensationRetrier(JdbcClient jdbc, TenantDirectory directory, MeetingProvider meetings,
                               CalendarProvider calendar, Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.meetings = meetings;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** Tries the due jobs once each; returns how many were completed. */
    public int retryDue() {
        Instant now = clock.instant();
        List<Job> jobs = jdbc.sql("""
                        SELECT j.id, j.tenant_id, j.booking_id, j.kind, j.provider_ref, j.attempts, j.updated_at,
                               s.graph_user_id
                          FROM compensation_jobs j
                          JOIN bookings b ON b.id = j.booking_id
                          JOIN salespersons s ON s.id = b.salesperson_id
                         WHERE j.status = 'pending'
                         ORDER BY j.updated_at LIMIT ?""")
                .param(BATCH)
                .query((rs, i) -> new Job(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getString(8)))
                .list();
        int done = 0;
        for (Job job : jobs) {
            if (now.isBefore(job.updatedAt().plus(backoff(job.attempts())))) {
                continue;
            }
            done += retry(job, now) ? 1 : 0;
        }
        return done;
    }

    static Duration backoff(int attempts) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts, 20));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private boolean retry(Job job, Instant now) {
        var tenant = directory.tenant(job.tenantId()).orElseThrow().providerTenant();
        try {
            if ("delete_zoom_meeting".equals(job.kind())) {
                meetings.deleteMeeting(tenant, job.providerRef());
            } else {
                calendar.cancelEvent(tenant, job.organizerUserId(), job.providerRef(), "This meeting was canceled.");
            }
            jdbc.sql("UPDATE compensation_jobs SET status = 'done', attempts = attempts + 1, updated_at = ? WHERE id = ?")
                    .params(Timestamp.from(now), job.id()).update();
            log.info("compensation done kind={} booking={} tenant={}", job.kind(), job.bookingId(), job.tenantId());
            return true;
        } catch (ProviderException e) {
            int attempts = job.attempts() + 1;
            String status = attempts >= MAX_ATTEMPTS ? "abandoned" : "pending";
            jdbc.sql("UPDATE compensation_jobs SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?")
                    .params(status, attempts, e.provider() + " " + e.operation() + " HTTP " + e.httpStatus() + " " + e.kind(),
                            Timestamp.from(now), job.id())
                    .update();
            if ("abandoned".equals(status)) {
                log.error("compensation abandoned after {} attempts kind={} booking={} tenant={}: clean up by hand",
                        attempts, job.kind(), job.bookingId(), job.tenantId());
            }
            return false;
        }
    }

    private record Job(UUID id, UUID tenantId, UUID bookingId, String kind, String providerRef, int attempts,
                       Instant updatedAt, String organizerUserId) {
    }
}
