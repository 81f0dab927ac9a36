package com.salesbooking.store.notification;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The confirmation email as an outbox ({@code email_jobs}): it carries the only manage link, so it must arrive.
 * The confirming transaction writes a row due a little later; the email activity marks it sent; a row still
 * pending when due (the activity gave up, or its worker died) is sent by the sweeper with a doubling back-off. A
 * customer who lost the email asks for it again (a row due at once), a few times per hour.
 */
@Repository
public class ConfirmationEmails {

    /**
     * The workflow's own email activity tries for about two and a half minutes (4 attempts of at most 30 s, 2+4+8 s
     * apart); the sweeper takes over only after that, so it never sends beside a running attempt.
     */
    public static final Duration OUTBOX_GRACE = Duration.ofMinutes(5);
    /** Resends one booking may ask for per {@link #RESEND_WINDOW}: enough for a lost email, too few to spam with. */
    public static final int MAX_RESENDS = 3;

    public static final Duration RESEND_WINDOW = Duration.ofHours(1);

    private final JdbcClient jdbc;

    public ConfirmationEmails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A due email. */
    public record Job(UUID id, UUID tenantId, UUID bookingId, String bookingStatus, int attempts) {}

    /** In the confirming transaction: the email is owed from now on. */
    public void owe(UUID tenantId, UUID bookingId, Instant now) {
        insert(tenantId, bookingId, "confirm", now.plus(OUTBOX_GRACE), now);
    }

    /** The email went out: nothing of this booking is owed any more. */
    public void markSent(UUID bookingId, Instant now) {
        jdbc.sql("UPDATE email_jobs SET status = 'sent', updated_at = ? WHERE booking_id = ? AND status = 'pending'")
                .params(Timestamp.from(now), bookingId)
                .update();
    }

    /**
     * The customer asks for the email again.
     *
     * @return empty when queued (due now); otherwise how long until another resend is allowed
     */
    public Optional<Duration> requestResend(UUID tenantId, UUID bookingId, Instant now) {
        List<Instant> recent = jdbc.sql("""
                        SELECT created_at FROM email_jobs WHERE booking_id = ? AND origin = 'resend' AND created_at > ?
                         ORDER BY created_at""")
                .params(bookingId, Timestamp.from(now.minus(RESEND_WINDOW)))
                .query((rs, i) -> rs.getTimestamp(1).toInstant())
                .list();
        if (recent.size() >= MAX_RESENDS) {
            Duration wait = Duration.between(now, recent.get(0).plus(RESEND_WINDOW));
            return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
        insert(tenantId, bookingId, "resend", now, now);
        return Optional.empty();
    }

    /** Pending emails that are due, oldest first, with their booking's status. */
    public List<Job> due(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT j.id, j.tenant_id, j.booking_id, b.status, j.attempts
                          FROM email_jobs j JOIN bookings b ON b.id = j.booking_id
                         WHERE j.status = 'pending' AND j.due_at <= ?
                         ORDER BY j.due_at LIMIT ?""")
                .params(Timestamp.from(now), limit)
                .query((rs, i) -> new Job(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getInt(5)))
                .list();
    }

    public void markFailed(UUID jobId, int attempts, boolean abandoned, Instant nextDue, String error, Instant now) {
        jdbc.sql(
                        "UPDATE email_jobs SET status = ?, attempts = ?, due_at = ?, last_error = ?, updated_at = ? WHERE id = ?")
                .params(
                        abandoned ? "abandoned" : "pending",
                        attempts,
                        Timestamp.from(nextDue),
                        error,
                        Timestamp.from(now),
                        jobId)
                .update();
    }

    /** The booking is no longer confirmed (canceled): its confirmation is not sent any more. */
    public void markObsolete(UUID jobId, Instant now) {
        jdbc.sql("UPDATE email_jobs SET status = 'obsolete', updated_at = ? WHERE id = ?")
                .params(Timestamp.from(now), jobId)
                .update();
    }

    private void insert(UUID tenantId, UUID bookingId, String origin, Instant dueAt, Instant now) {
        jdbc.sql("""
                        INSERT INTO email_jobs (id, tenant_id, booking_id, kind, origin, status, attempts, due_at, created_at, updated_at)
                        VALUES (?, ?, ?, 'confirmation', ?, 'pending', 0, ?, ?, ?)""")
                .params(
                        UUID.randomUUID(),
                        tenantId,
                        bookingId,
                        origin,
                        Timestamp.from(dueAt),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
    }
}
