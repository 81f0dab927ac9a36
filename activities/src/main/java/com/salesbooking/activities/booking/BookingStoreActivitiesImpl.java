package com.salesbooking.activities.booking;

import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.store.booking.AuditTrail;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.compensation.CompensationJobs;
import com.salesbooking.store.meeting.MeetingStore;
import com.salesbooking.store.notification.ConfirmationEmails;
import com.salesbooking.workflows.booking.BookingFailure;
import com.salesbooking.workflows.booking.BookingStatus;
import com.salesbooking.workflows.booking.BookingStoreActivities;
import com.salesbooking.workflows.booking.CancelRequest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Status transitions in PostgreSQL, called only by the booking's workflow. Each method is one transaction
 * whose guarded UPDATE re-checks the status it expects, so a retried call finds the work done and says so.
 */
@Component
public class BookingStoreActivitiesImpl implements BookingStoreActivities {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MeetingStore meetings;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;
    private final BookingProperties properties;
    private final BookingStore bookings;
    private final BookingMetrics metrics;
    private final CompensationJobs compensations;
    private final ConfirmationEmails confirmationEmails;

    public BookingStoreActivitiesImpl(
            MeetingStore meetings,
            TransactionTemplate tx,
            AuditTrail audit,
            Clock clock,
            BookingProperties properties,
            BookingStore bookings,
            BookingMetrics metrics,
            CompensationJobs compensations,
            ConfirmationEmails confirmationEmails) {
        this.confirmationEmails = confirmationEmails;
        this.compensations = compensations;
        this.bookings = bookings;
        this.metrics = metrics;
        this.meetings = meetings;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public BookingStatus expireHold(UUID bookingId) {
        return tx.execute(s -> {
            BookingRecord b = lock(bookingId);
            if (b.status() == BookingStatus.HOLD || b.status() == BookingStatus.PENDING_VERIFY) {
                Instant now = clock.instant();
                bookings.markExpired(bookingId, now);
                audit.record(
                        b.tenantId(),
                        bookingId,
                        "expired",
                        "system",
                        null,
                        now,
                        Map.of("from", b.status().dbValue(), "hold_expires_at", String.valueOf(b.holdExpiresAt())));
                metrics.expired();
                return BookingStatus.EXPIRED;
            }
            return b.status();
        });
    }

    @Override
    public VerificationPrepared prepareVerification(UUID bookingId) {
        return tx.execute(s -> {
            BookingRecord b = lock(bookingId);
            Instant now = clock.instant();
            if (b.status() != BookingStatus.HOLD && b.status() != BookingStatus.PENDING_VERIFY) {
                throw BookingFailure.INVALID_STATE.failure(
                        "booking is " + b.status().dbValue());
            }
            if (b.verifyEmailsSent() >= properties.limits().maxVerifyEmailsPerBooking()) {
                throw BookingFailure.RATE_LIMITED.failure("too many verification emails for this booking");
            }
            if (b.status() == BookingStatus.HOLD) {
                bookings.markPendingVerify(bookingId, newTokenId(), b.holdExpiresAt(), now);
                audit.record(
                        b.tenantId(),
                        bookingId,
                        "pending_verify",
                        "customer",
                        b.customerId().toString(),
                        now,
                        Map.of("from", "hold"));
            } else {
                bookings.countVerificationEmail(bookingId, now);
                audit.record(
                        b.tenantId(),
                        bookingId,
                        "verification_resent",
                        "customer",
                        b.customerId().toString(),
                        now,
                        Map.of("emails_sent", b.verifyEmailsSent() + 1));
            }
            return new VerificationPrepared(BookingStatus.PENDING_VERIFY, b.holdExpiresAt());
        });
    }

    @Override
    public ConfirmCheck checkConfirmable(UUID bookingId, String verifyTokenId) {
        BookingRecord b = bookings.find(bookingId).orElseThrow();
        return check(b, verifyTokenId);
    }

    private static ConfirmCheck check(BookingRecord b, String verifyTokenId) {
        if (b.status() == BookingStatus.CONFIRMED) {
            return ConfirmCheck.ALREADY_CONFIRMED;
        }
        if (b.status() != BookingStatus.PENDING_VERIFY) {
            return ConfirmCheck.NOT_PENDING;
        }
        if (b.verifyTokenJti() == null || !b.verifyTokenJti().equals(verifyTokenId)) {
            return ConfirmCheck.TOKEN_USED;
        }
        return ConfirmCheck.OK;
    }

    @Override
    public ConfirmCheck finalizeConfirmation(UUID bookingId, String verifyTokenId) {
        return tx.execute(s -> {
            // the seed's rule: concurrent confirms of one booking serialize on this lock inside the transaction
            bookings.lockForConfirmation(bookingId);
            BookingRecord b = lock(bookingId);
            ConfirmCheck check = check(b, verifyTokenId);
            if (check != ConfirmCheck.OK) {
                return check;
            }
            if (!meetings.hasCalendarEvent(bookingId)) {
                throw BookingFailure.INVALID_STATE.failure("no calendar event stored for the booking");
            }
            Instant now = clock.instant();
            bookings.markConfirmed(bookingId, newTokenId(), now);
            audit.record(
                    b.tenantId(),
                    bookingId,
                    "confirmed",
                    "customer",
                    b.customerId().toString(),
                    now,
                    Map.of(
                            "from",
                            "pending_verify",
                            "start_at",
                            b.startUtc().toString(),
                            "end_at",
                            b.endUtc().toString()));
            // the confirmation email carries the only manage link: owed from this commit on (sent by the workflow's
            // email activity, or later by the sweeper)
            confirmationEmails.owe(b.tenantId(), bookingId, now);
            metrics.confirmed();
            return ConfirmCheck.OK;
        });
    }

    @Override
    public BookingStatus markCanceled(UUID bookingId, CancelRequest request) {
        return tx.execute(s -> {
            BookingRecord b = lock(bookingId);
            if (b.status() == BookingStatus.CANCELED) {
                return BookingStatus.CANCELED;
            }
            if (b.status() != BookingStatus.CONFIRMED) {
                throw BookingFailure.INVALID_STATE.failure(
                        "booking is " + b.status().dbValue());
            }
            Instant now = clock.instant();
            String actor = request.actor().dbValue();
            bookings.markCanceled(bookingId, request.reason(), actor, now);
            Map<String, Object> meta = new HashMap<>();
            meta.put("from", "confirmed");
            meta.put("reason", request.reason());
            if (request.rescheduledToBooking() != null) {
                meta.put("rescheduled_to", request.rescheduledToBooking().toString());
            }
            String actorId = request.actor() == CancelRequest.Actor.CUSTOMER
                    ? b.customerId().toString()
                    : request.actor() == CancelRequest.Actor.SALESPERSON
                            ? b.salespersonId().toString()
                            : null;
            audit.record(b.tenantId(), bookingId, "canceled", actor, actorId, now, meta);
            metrics.canceled(request.actor());
            return BookingStatus.CANCELED;
        });
    }

    @Override
    public void recordCompensation(UUID bookingId, CompensationKind kind) {
        tx.executeWithoutResult(s -> {
            BookingRecord b = lock(bookingId);
            boolean zoom = kind == CompensationKind.DELETE_ZOOM_MEETING;
            Optional<String> stored = zoom
                    ? meetings.meetingId(bookingId)
                    : meetings.calendarEvent(bookingId).map(MeetingStore.StoredEvent::eventId);
            // nothing stored: a create whose answer was lost on its last attempt may still have made a meeting or
            // an event, and the undo's own look-up failed; the retrier looks it up by the booking (Zoom topic) or the
            // transaction-id prefix every calendar create of the booking carries (Graph)
            String ref = stored.orElseGet(() ->
                    CompensationJobs.LOOKUP_PREFIX + (zoom ? bookingId.toString() : "booking-" + bookingId + "-"));
            Instant now = clock.instant();
            compensations.record(b.tenantId(), bookingId, kind.dbValue(), ref, now);
            if (stored.isPresent() && zoom) {
                meetings.deleteMeeting(bookingId);
            } else if (stored.isPresent()) {
                meetings.deleteCalendarEvent(bookingId);
            }
            audit.record(
                    b.tenantId(),
                    bookingId,
                    "compensation_recorded",
                    "system",
                    null,
                    now,
                    Map.of("kind", kind.dbValue(), "look_up", stored.isEmpty()));
            metrics.compensationRecorded(kind);
        });
    }

    @Override
    public boolean moveBooking(UUID bookingId, Instant newStartUtc, Instant newEndUtc) {
        try {
            Boolean moved = tx.execute(s -> {
                BookingRecord b = lock(bookingId);
                if (b.status() != BookingStatus.CONFIRMED) {
                    return false;
                }
                Instant now = clock.instant();
                bookings.move(bookingId, newStartUtc, newEndUtc, now);
                audit.record(
                        b.tenantId(),
                        bookingId,
                        "moved_by_salesperson",
                        "salesperson",
                        b.salespersonId().toString(),
                        now,
                        Map.of(
                                "old_start_at",
                                b.startUtc().toString(),
                                "old_end_at",
                                b.endUtc().toString(),
                                "new_start_at",
                                newStartUtc.toString(),
                                "new_end_at",
                                newEndUtc.toString()));
                return true;
            });
            return Boolean.TRUE.equals(moved);
        } catch (DataIntegrityViolationException e) {
            // the constraints decided: another active booking holds (part of) the new interval
            audit(
                    bookingId,
                    "move_conflict",
                    "new interval " + newStartUtc + "/" + newEndUtc + " collides (" + BookingStore.constraint(e) + ")");
            return false;
        }
    }

    @Override
    public void audit(UUID bookingId, String action, String detail) {
        tx.executeWithoutResult(s -> {
            BookingRecord b = bookings.find(bookingId).orElseThrow();
            audit.record(b.tenantId(), bookingId, action, "system", null, clock.instant(), Map.of("detail", detail));
        });
    }

    private BookingRecord lock(UUID bookingId) {
        return bookings.findForUpdate(bookingId)
                .orElseThrow(() -> BookingFailure.INVALID_STATE.failure("no booking " + bookingId));
    }

    /** 128 random bits, URL-safe: the jti of a one-time token. */
    static String newTokenId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
