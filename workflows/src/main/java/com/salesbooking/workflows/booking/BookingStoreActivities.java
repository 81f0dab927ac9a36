package com.salesbooking.workflows.booking;

import io.temporal.activity.ActivityInterface;

import java.time.Instant;
import java.util.UUID;

/**
 * The booking's rows in PostgreSQL. Each method is one transaction that re-checks the status it
 * expects with a guarded UPDATE, writes a tracking event and an audit log row in the same transaction,
 * and is therefore safe to run twice: a repeated call finds the transition done and reports it.
 * (Activity interfaces live beside the workflows, which call them; their implementations live in the
 * {@code activities} module.)
 */
@ActivityInterface
public interface BookingStoreActivities {

    /** hold|pending_verify -> expired. Returns the status afterwards (confirmed/canceled stay as they are). */
    BookingStatus expireHold(UUID bookingId);

    /**
     * hold -> pending_verify with a fresh one-time verify token id, or, when already pending_verify, keeps the
     * token (a re-send sends the same link). Counts verification emails; refuses with
     * {@link BookingFailure#RATE_LIMITED} past the limit.
     */
    VerificationPrepared prepareVerification(UUID bookingId);

    /** Is the verify token id still the one the booking expects (not consumed, not replaced)? */
    ConfirmCheck checkConfirmable(UUID bookingId, String verifyTokenId);

    /**
     * pending_verify -> confirmed under {@code pg_advisory_xact_lock(hashtext(booking_id))}: re-checks status
     * and token id, requires the stored meeting (Zoom tenants) and Graph event, clears the verify token id and
     * issues the manage token id.
     */
    ConfirmCheck finalizeConfirmation(UUID bookingId, String verifyTokenId);

    /** confirmed -> canceled with actor and reason; already canceled is a no-op. */
    BookingStatus markCanceled(UUID bookingId, CancelRequest request);

    /**
     * A compensating delete failed for good: records a {@code compensation_jobs} row (so ops or a retry job
     * can finish it) and forgets the provider reference on the booking.
     */
    void recordCompensation(UUID bookingId, CompensationKind kind);

    /** Salesperson moved the event: new interval, if the database constraints allow it. */
    boolean moveBooking(UUID bookingId, Instant newStartUtc, Instant newEndUtc);

    /** Writes an audit log row (and tracking event) that is not a transition: conflicts, ignored edits. */
    void audit(UUID bookingId, String action, String detail);

    /**
     * @param status    the status afterwards (pending_verify)
     * @param expiresAt when the hold, and with it the verify token, expires
     */
    record VerificationPrepared(BookingStatus status, Instant expiresAt) {}

    /** Outcome of a token check or of the confirming transaction. */
    enum ConfirmCheck {
        OK,
        ALREADY_CONFIRMED,
        TOKEN_USED,
        NOT_PENDING
    }

    /** Which provider object a compensation is about. */
    enum CompensationKind {
        DELETE_ZOOM_MEETING,
        DELETE_GRAPH_EVENT;

        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
