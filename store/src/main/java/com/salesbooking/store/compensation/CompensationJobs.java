package com.salesbooking.store.compensation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code compensation_jobs}: deletes of a Zoom meeting or an Outlook event that failed during a saga or a cancel and
 * are retried later. A job names the meeting or event it deletes, or, when the create's answer was lost and nothing
 * was stored, a look-up ({@link #LOOKUP_PREFIX}): the retrier then finds the booking's unseen meetings or events
 * (by the booking id in the Zoom topic, by the transaction-id prefix in Outlook) and deletes those.
 */
@Repository
public class CompensationJobs {

    /** provider_ref of a look-up job: what follows is the booking id (Zoom) or the transaction-id prefix (Graph). */
    public static final String LOOKUP_PREFIX = "lookup:";

    private final JdbcClient jdbc;

    public CompensationJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A pending job, with what a retry needs to reach the provider. */
    public record Job(
            UUID id,
            UUID tenantId,
            UUID bookingId,
            String kind,
            String providerRef,
            int attempts,
            Instant updatedAt,
            String organizerUserId,
            String salespersonEmail,
            String bookingStatus,
            Instant startUtc,
            Instant endUtc,
            Instant holdExpiresAt) {

        /** True for a job that has no meeting or event id, only the booking to look its leftovers up by. */
        public boolean lookup() {
            return providerRef.startsWith(LOOKUP_PREFIX);
        }

        /** The booking id (Zoom) or transaction-id prefix (Graph) of a look-up job. */
        public String lookupKey() {
            return providerRef.substring(LOOKUP_PREFIX.length());
        }
    }

    /**
     * Records a job in the caller's transaction; a second record of the same (booking, kind, ref) is a no-op.
     *
     * @return true when the row is new
     */
    public boolean record(UUID tenantId, UUID bookingId, String kind, String providerRef, Instant now) {
        return jdbc.sql("""
                        INSERT INTO compensation_jobs (id, tenant_id, booking_id, kind, provider_ref, status, attempts, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                        ON CONFLICT (booking_id, kind, provider_ref) DO NOTHING""")
                        .params(
                                UUID.randomUUID(),
                                tenantId,
                                bookingId,
                                kind,
                                providerRef,
                                Timestamp.from(now),
                                Timestamp.from(now))
                        .update()
                == 1;
    }

    /** The oldest pending jobs first. */
    public List<Job> pending(int limit) {
        return jdbc.sql("""
                        SELECT j.id, j.tenant_id, j.booking_id, j.kind, j.provider_ref, j.attempts, j.updated_at,
                               s.graph_user_id, s.email, b.status, b.start_at_utc, b.end_at_utc, h.expires_at_utc
                          FROM compensation_jobs j
                          JOIN bookings b ON b.id = j.booking_id
                          JOIN salespersons s ON s.id = b.salesperson_id
                          LEFT JOIN holds h ON h.booking_id = b.id
                         WHERE j.status = 'pending'
                         ORDER BY j.updated_at LIMIT ?""")
                .param(limit)
                .query((rs, i) -> new Job(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getTimestamp(11).toInstant(),
                        rs.getTimestamp(12).toInstant(),
                        rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant()))
                .list();
    }

    public void markDone(UUID jobId, Instant now) {
        jdbc.sql("UPDATE compensation_jobs SET status = 'done', attempts = attempts + 1, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(now), jobId)
                .update();
    }

    public void markFailed(UUID jobId, int attempts, boolean abandoned, String error, Instant now) {
        jdbc.sql("UPDATE compensation_jobs SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?")
                .params(abandoned ? "abandoned" : "pending", attempts, error, Timestamp.from(now), jobId)
                .update();
    }

    /** The meeting ids compensations of this booking are deleting (never adopted by a retried create). */
    public List<String> zoomMeetingsBeingDeleted(UUID bookingId) {
        return jdbc.sql(
                        "SELECT provider_ref FROM compensation_jobs WHERE booking_id = ? AND kind = 'delete_zoom_meeting'")
                .param(bookingId)
                .query(String.class)
                .list();
    }

    /** The Zoom meeting or Outlook event the booking has now (a look-up job never deletes it). */
    public Optional<String> storedRef(UUID bookingId, String kind) {
        return "delete_zoom_meeting".equals(kind)
                ? jdbc.sql("SELECT provider_meeting_id FROM meetings WHERE booking_id = ? AND provider = 'zoom'")
                        .param(bookingId)
                        .query(String.class)
                        .optional()
                : jdbc.sql("SELECT event_id FROM graph_events WHERE booking_id = ?")
                        .param(bookingId)
                        .query(String.class)
                        .optional();
    }
}
