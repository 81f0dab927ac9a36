package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.booking.BookingStoreActivities.CompensationKind;
import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;

/**
 * The booking's life: hold (TTL timer) -> pending_verify -> confirmed (confirm saga) -> cancellation
 * deadline timer -> meeting end + attendance window -> done. Every status write goes through one
 * {@link WorkflowLock}, because update handlers interleave at every activity call.
 */
public class BookingWorkflowImpl implements BookingWorkflow {

    /** Customers may cancel or reschedule until this long before the start. */
    public static final Duration CUSTOMER_CANCEL_NOTICE = Duration.ofHours(24);

    private static final ActivityOptions STORE = ActivityOptions.newBuilder()
            // one short transaction; 10 s also covers waiting for a row lock held by a concurrent writer
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                    // no attempt limit: a database outage ends, and giving up half-way would lose a transition;
                    // an api caller stops waiting after its own timeout while the workflow carries on
                    .setInitialInterval(Duration.ofMillis(200))
                    .setBackoffCoefficient(2)
                    // capped so a recovered database is noticed within half a minute
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setDoNotRetry(BookingFailure.RATE_LIMITED.name())
                    .build())
            .build();

    private static final ActivityOptions PROVIDER = ActivityOptions.newBuilder()
            // Zoom and Graph answer in about a second; 30 s leaves room for Graph's slow calendar writes
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofSeconds(20))
                    // a customer is waiting on confirm: after about a minute of retries (1+2+4+8 s plus calls) we
                    // undo and let the customer retry while the hold lasts, rather than keep them waiting
                    .setMaximumAttempts(5)
                    .setDoNotRetry(MeetingActivities.NON_RETRYABLE)
                    .build())
            .build();

    private static final ActivityOptions CLEANUP = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2)
                    // best effort: three tries, then a compensation_jobs row keeps the work for later
                    .setMaximumAttempts(3)
                    .setDoNotRetry(MeetingActivities.NON_RETRYABLE)
                    .build())
            .build();

    private static final ActivityOptions MAIL = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setBackoffCoefficient(2)
                    // a retried send may send twice; four tries bound both the wait and the duplicates
                    .setMaximumAttempts(4)
                    .setDoNotRetry(MeetingActivities.NON_RETRYABLE)
                    .build())
            .build();

    private final Logger log = Workflow.getLogger(BookingWorkflowImpl.class);
    private final BookingStoreActivities store = Workflow.newActivityStub(BookingStoreActivities.class, STORE);
    private final MeetingActivities meetings = Workflow.newActivityStub(MeetingActivities.class, PROVIDER);
    private final MeetingActivities cleanup = Workflow.newActivityStub(MeetingActivities.class, CLEANUP);
    private final NotificationActivities mail = Workflow.newActivityStub(NotificationActivities.class, MAIL);
    private final WorkflowLock writeLock = Workflow.newWorkflowLock();

    private final BookingWorkflowInput input;
    private final UUID bookingId;
    private BookingStatus status = BookingStatus.HOLD;
    private Instant startUtc;
    private Instant endUtc;
    /** Confirms accepted (validated) but not finished: the hold TTL waits for them. */
    private int confirmsInFlight;
    private int confirmAttempts;
    /** Bumped whenever the booking's times change, so timers are recomputed. */
    private int timesVersion;
    private final Deque<SalespersonChange> salespersonChanges = new ArrayDeque<>();

    @WorkflowInit
    public BookingWorkflowImpl(BookingWorkflowInput input) {
        this.input = input;
        this.bookingId = input.bookingId();
        this.startUtc = input.startUtc();
        this.endUtc = input.endUtc();
    }

    @Override
    public BookingState run(BookingWorkflowInput ignored) {
        publish();
        if (awaitConfirmation()) {
            followConfirmedBooking();
        }
        Workflow.await(Workflow::isEveryHandlerFinished);
        return state();
    }

    /** Phase 1: true once confirmed; false when the hold expired. */
    private boolean awaitConfirmation() {
        while (true) {
            if (status == BookingStatus.CONFIRMED) {
                return true;
            }
            if (!BookingStatus.ACTIVE.contains(status)) {
                return false;
            }
            Duration left = Duration.between(now(), input.holdExpiresAt());
            if (left.compareTo(Duration.ZERO) > 0) {
                Workflow.await(left, () -> status == BookingStatus.CONFIRMED);
                continue;
            }
            if (confirmsInFlight > 0) {
                // a confirm accepted before the expiry completes even if its saga ends after it
                Workflow.await(() -> confirmsInFlight == 0);
                continue;
            }
            writeLock.lock();
            try {
                if (status == BookingStatus.HOLD || status == BookingStatus.PENDING_VERIFY) {
                    status = store.expireHold(bookingId);
                    publish();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Phase 2: the cancellation deadline, salesperson changes, then the meeting and the attendance window. */
    private void followConfirmedBooking() {
        while (status == BookingStatus.CONFIRMED) {
            Instant now = now();
            Instant deadline = startUtc.minus(CUSTOMER_CANCEL_NOTICE);
            Instant completeAt = endUtc.plus(input.attendanceWindow());
            if (!now.isBefore(completeAt) && salespersonChanges.isEmpty()) {
                return;
            }
            Instant next = now.isBefore(deadline) ? deadline : completeAt;
            int version = timesVersion;
            Workflow.await(Duration.between(now, next).plusMillis(1),
                    () -> status != BookingStatus.CONFIRMED || timesVersion != version || !salespersonChanges.isEmpty());
            while (!salespersonChanges.isEmpty() && status == BookingStatus.CONFIRMED) {
                applySalespersonChange(salespersonChanges.poll());
            }
        }
    }

    @Override
    public BookingState requestVerification() {
        writeLock.lock();
        try {
            requireActiveHold();
            BookingStoreActivities.VerificationPrepared prepared = store.prepareVerification(bookingId);
            if (status != prepared.status()) {
                status = prepared.status();
                publish();
            }
            try {
                mail.sendVerificationEmail(bookingId);
            } catch (ActivityFailure e) {
                throw BookingFailure.PROVIDER_UNAVAILABLE.failure("the verification email could not be sent; try again");
            }
            return state();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void validateRequestVerification() {
        requireActiveHold();
    }

    @Override
    public BookingState confirm(String verifyTokenId) {
        confirmsInFlight++;
        writeLock.lock();
        try {
            if (status == BookingStatus.CONFIRMED) {
                // the second of two concurrent confirms waited for the first: same outcome
                return state();
            }
            if (status == BookingStatus.EXPIRED) {
                throw BookingFailure.HOLD_EXPIRED.failure("the hold expired");
            }
            if (status != BookingStatus.PENDING_VERIFY) {
                throw BookingFailure.INVALID_STATE.failure("booking is " + status.dbValue());
            }
            ConfirmCheck check = store.checkConfirmable(bookingId, verifyTokenId);
            if (check == ConfirmCheck.TOKEN_USED) {
                throw BookingFailure.TOKEN_USED.failure("this verification link was already used or replaced");
            }
            if (check != ConfirmCheck.OK) {
                throw BookingFailure.INVALID_STATE.failure("booking is not awaiting confirmation");
            }
            runConfirmSaga(verifyTokenId);
            return state();
        } finally {
            writeLock.unlock();
            confirmsInFlight--;
        }
    }

    @Override
    public void validateConfirm(String verifyTokenId) {
        if (status == BookingStatus.CONFIRMED) {
            return;
        }
        if (status == BookingStatus.EXPIRED || !now().isBefore(input.holdExpiresAt())) {
            throw BookingFailure.HOLD_EXPIRED.failure("the hold expired");
        }
        if (status != BookingStatus.PENDING_VERIFY) {
            throw BookingFailure.INVALID_STATE.failure("booking is " + status.dbValue() + "; verify the email first");
        }
        if (verifyTokenId == null || verifyTokenId.isBlank()) {
            throw BookingFailure.INVALID_STATE.failure("no token id");
        }
    }

    /**
     * (a) Zoom meeting, (b) Outlook event, (c) the confirming transaction, (d) the email. Each compensation is
     * registered before its step, because a step that timed out may still have happened.
     */
    private void runConfirmSaga(String verifyTokenId) {
        int attempt = ++confirmAttempts;
        Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
        try {
            if (input.meetingProvider() == MeetingProviderKind.ZOOM) {
                saga.addCompensation(this::compensateZoomMeeting);
                meetings.createZoomMeeting(bookingId);
            }
            saga.addCompensation(this::compensateCalendarEvent);
            meetings.createCalendarEvent(bookingId, attempt);
        } catch (ActivityFailure e) {
            log.warn("confirm saga of booking {} failed at a provider (attempt {}): compensating", bookingId, attempt);
            Workflow.newDetachedCancellationScope(saga::compensate).run();
            throw BookingFailure.PROVIDER_UNAVAILABLE.failure("the meeting could not be created; please try again");
        }
        ConfirmCheck outcome = store.finalizeConfirmation(bookingId, verifyTokenId);
        if (outcome != ConfirmCheck.OK && outcome != ConfirmCheck.ALREADY_CONFIRMED) {
            Workflow.newDetachedCancellationScope(saga::compensate).run();
            throw (outcome == ConfirmCheck.TOKEN_USED ? BookingFailure.TOKEN_USED : BookingFailure.INVALID_STATE)
                    .failure("booking could not be confirmed: " + outcome);
        }
        status = BookingStatus.CONFIRMED;
        publish();
        try {
            mail.sendConfirmationEmail(bookingId);
        } catch (ActivityFailure e) {
            // the booking stands: the invitation from Outlook reaches the customer anyway
            store.audit(bookingId, "confirmation_email_failed", "mail provider failed after retries");
        }
    }

    private void compensateZoomMeeting() {
        try {
            cleanup.deleteZoomMeeting(bookingId);
        } catch (ActivityFailure e) {
            store.recordCompensation(bookingId, CompensationKind.DELETE_ZOOM_MEETING);
        }
    }

    private void compensateCalendarEvent() {
        try {
            cleanup.cancelCalendarEvent(bookingId, "The booking could not be completed.");
        } catch (ActivityFailure e) {
            store.recordCompensation(bookingId, CompensationKind.DELETE_GRAPH_EVENT);
        }
    }

    @Override
    public BookingState cancel(CancelRequest request) {
        writeLock.lock();
        try {
            if (status == BookingStatus.CANCELED) {
                return state();
            }
            // the deadline was checked when the update was accepted; an accepted cancel completes
            if (status != BookingStatus.CONFIRMED) {
                throw BookingFailure.INVALID_STATE.failure("only a confirmed booking can be canceled; it is " + status.dbValue());
            }
            cancelConfirmedBooking(request, true);
            return state();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void validateCancel(CancelRequest request) {
        if (status == BookingStatus.CANCELED) {
            return;
        }
        if (status != BookingStatus.CONFIRMED) {
            throw BookingFailure.INVALID_STATE.failure("only a confirmed booking can be canceled; it is " + status.dbValue());
        }
        if (request.actor() == CancelRequest.Actor.CUSTOMER
                && now().isAfter(startUtc.minus(CUSTOMER_CANCEL_NOTICE))) {
            throw BookingFailure.CANCEL_DEADLINE_PASSED.failure("cancel and reschedule close 24 hours before the start");
        }
    }

    /** The database first (frees the slot, never fails for good), then the providers best-effort, then the email. */
    private void cancelConfirmedBooking(CancelRequest request, boolean cancelOutlookEvent) {
        status = store.markCanceled(bookingId, request);
        publish();
        if (cancelOutlookEvent) {
            compensateCalendarEvent();
        }
        if (input.meetingProvider() == MeetingProviderKind.ZOOM) {
            compensateZoomMeeting();
        }
        try {
            mail.sendCancellationEmail(bookingId);
        } catch (ActivityFailure e) {
            store.audit(bookingId, "cancellation_email_failed", "mail provider failed after retries");
        }
    }

    @Override
    public void salespersonMovedEvent(Instant newStartUtc, Instant newEndUtc) {
        salespersonChanges.add(new SalespersonChange(newStartUtc, newEndUtc));
    }

    @Override
    public void salespersonDeletedEvent() {
        salespersonChanges.add(new SalespersonChange(null, null));
    }

    /** The Outlook manual-change policy; the 24-hour customer deadline does not bind the salesperson. */
    private void applySalespersonChange(SalespersonChange change) {
        writeLock.lock();
        try {
            if (status != BookingStatus.CONFIRMED) {
                return;
            }
            if (change.deleted()) {
                cancelConfirmedBooking(new CancelRequest(CancelRequest.Actor.SALESPERSON, "outlook_deleted", null), false);
                return;
            }
            if (change.startUtc().equals(startUtc) && change.endUtc().equals(endUtc)) {
                return;
            }
            if (store.moveBooking(bookingId, change.startUtc(), change.endUtc())) {
                startUtc = change.startUtc();
                endUtc = change.endUtc();
                timesVersion++;
                publish();
                if (input.meetingProvider() == MeetingProviderKind.ZOOM) {
                    try {
                        meetings.updateZoomMeetingTime(bookingId);
                    } catch (ActivityFailure e) {
                        store.audit(bookingId, "zoom_update_failed", "the Zoom meeting keeps its old time");
                    }
                }
                notifyQuietly(() -> mail.sendRescheduledBySalespersonEmail(bookingId), "reschedule_email_failed");
            } else {
                notifyQuietly(() -> mail.sendMoveConflictEmail(bookingId), "conflict_email_failed");
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void notifyQuietly(Runnable send, String failureAction) {
        try {
            send.run();
        } catch (ActivityFailure e) {
            store.audit(bookingId, failureAction, "mail provider failed after retries");
        }
    }

    @Override
    public BookingState state() {
        return new BookingState(bookingId, status, startUtc, endUtc, input.holdExpiresAt());
    }

    private void requireActiveHold() {
        if (status == BookingStatus.EXPIRED || !now().isBefore(input.holdExpiresAt())) {
            throw BookingFailure.HOLD_EXPIRED.failure("the hold expired");
        }
        if (status != BookingStatus.HOLD && status != BookingStatus.PENDING_VERIFY) {
            throw BookingFailure.INVALID_STATE.failure("booking is " + status.dbValue());
        }
    }

    /** Search attributes and memo: what ops see in the Temporal UI list (ids, status and times only). */
    private void publish() {
        Workflow.upsertTypedSearchAttributes(
                BookingSearchAttributes.TENANT_ID.valueSet(input.tenantId().toString()),
                BookingSearchAttributes.SALESPERSON_ID.valueSet(input.salespersonId().toString()),
                BookingSearchAttributes.BOOKING_STATUS.valueSet(status.dbValue()),
                BookingSearchAttributes.SLOT_START_UTC.valueSet(startUtc.atOffset(java.time.ZoneOffset.UTC)));
        Workflow.upsertMemo(Map.of(
                "status", status.dbValue(),
                "slot", startUtc + "/" + endUtc,
                "salespersonId", input.salespersonId().toString()));
    }

    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    /** A change of the Outlook event by the salesperson; null times mean the event was deleted. */
    private record SalespersonChange(Instant startUtc, Instant endUtc) {
        boolean deleted() {
            return startUtc == null;
        }
    }
}
