package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The booking's life: hold (TTL timer) -> pending_verify -> confirmed (the {@link ConfirmSaga}) -> cancellation
 * deadline timer -> meeting end -> done. Every status write goes through one
 * {@link WorkflowLock}, because update handlers interleave at every activity call. Activity options live in
 * {@link BookingActivities}, what the Temporal UI shows in {@link BookingVisibility}.
 */
public class BookingWorkflowImpl implements BookingWorkflow {

    /**
     * Version marker of phase 2's timers: each wait cancels its timer once it is no longer needed (a move re-arms
     * without leaving the old one running), and the cancel deadline's timer updates the memo's
     * {@code customerMayChange}. Bookings confirmed before keep the old timers to their end.
     */
    static final String SCOPED_TIMERS = "scoped-timers-deadline-memo";
    /** Version marker: the hold's TTL timer is cancelled once the booking is confirmed. */
    static final String SCOPED_HOLD_TIMER = "scoped-hold-timer";
    /**
     * Version marker: {@link #publish()} writes only what changed, search attributes and memo apart, and nothing for
     * what the start already carried (each upsert is a billed action; the earlier branch wrote both on every change).
     */
    static final String LEAN_UPSERTS = "lean-upserts";
    /**
     * Version marker: a confirmed booking's workflow ends when its meeting ends. Attendance is recorded by the api in
     * the database, and an Outlook change after the meeting changes nothing, so the earlier branch's attendance
     * window (30 days open after the meeting, most of all open workflows) bought nothing.
     */
    static final String ENDS_WITH_THE_MEETING = "ends-with-the-meeting";

    private final BookingActivities activities;
    private final BookingStoreActivities store;
    private final WorkflowLock writeLock = Workflow.newWorkflowLock();

    private final BookingWorkflowInput input;
    private final UUID bookingId;
    private final ConfirmSaga confirmSaga;
    private BookingStatus status = BookingStatus.HOLD;
    private Instant startUtc;
    private Instant endUtc;
    /** Confirms accepted (validated) but not finished: the hold TTL waits for them. */
    private int confirmsInFlight;

    private int confirmAttempts;
    /** Bumped whenever the booking's times change, so timers are recomputed. */
    private int timesVersion;

    private final Deque<SalespersonChange> salespersonChanges = new ArrayDeque<>();

    /** Whether this run writes lean upserts ({@link #LEAN_UPSERTS}); decided at the first {@link #publish()}. */
    private Boolean leanUpserts;
    /** The search attribute values the server holds (its end time and customerMayChange are not compared). */
    private BookingVisibility publishedSearchAttributes;
    /** The memo the server holds; null when unknown (then the next publish writes it). */
    private Map<String, Object> publishedMemo;

    @WorkflowInit
    public BookingWorkflowImpl(BookingWorkflowInput input) {
        this.input = input;
        this.bookingId = input.bookingId();
        this.startUtc = input.startUtc();
        this.endUtc = input.endUtc();
        this.activities = new BookingActivities(bookingId);
        this.store = activities.store;
        this.confirmSaga = new ConfirmSaga(activities, bookingId, input.meetingProvider());
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
        boolean scopedTimer = Workflow.getVersion(SCOPED_HOLD_TIMER, Workflow.DEFAULT_VERSION, 1) >= 1;
        while (true) {
            if (status == BookingStatus.CONFIRMED) {
                return true;
            }
            if (!BookingStatus.ACTIVE.contains(status)) {
                return false;
            }
            Duration left = Duration.between(now(), input.holdExpiresAt());
            if (left.compareTo(Duration.ZERO) > 0) {
                if (scopedTimer) {
                    awaitCancellingTheTimer(left, () -> status == BookingStatus.CONFIRMED);
                } else {
                    Workflow.await(left, () -> status == BookingStatus.CONFIRMED);
                }
                continue;
            }
            if (confirmsInFlight > 0) {
                // a confirm accepted before the expiry completes even if its saga ends after it
                Workflow.await(() -> confirmsInFlight == 0);
                continue;
            }
            boolean failed = false;
            writeLock.lock();
            try {
                if (status == BookingStatus.HOLD || status == BookingStatus.PENDING_VERIFY) {
                    status = store.expireHold(bookingId);
                    publish();
                }
            } catch (ActivityFailure e) {
                // only a programming error fails for good: reported, and the expiry is tried again without the lock
                StoreFailures.report("expireHold", bookingId, e);
                failed = true;
            } finally {
                writeLock.unlock();
            }
            if (failed) {
                Workflow.sleep(StoreFailures.RETRY_TRANSITION_AFTER);
            }
        }
    }

    /** Phase 2: the cancellation deadline, salesperson changes, then the meeting (and, on the earliest branch, an attendance window). */
    private void followConfirmedBooking() {
        boolean scopedTimers = Workflow.getVersion(SCOPED_TIMERS, Workflow.DEFAULT_VERSION, 1) >= 1;
        boolean endsWithTheMeeting = Workflow.getVersion(ENDS_WITH_THE_MEETING, Workflow.DEFAULT_VERSION, 1) >= 1;
        boolean publishedMayChange = customerMayChange();
        while (status == BookingStatus.CONFIRMED) {
            Instant now = now();
            Instant deadline = BookingWorkflow.customerChangeDeadline(startUtc);
            Instant completeAt = endsWithTheMeeting ? endUtc : endUtc.plus(input.attendanceWindow());
            if (!now.isBefore(completeAt) && salespersonChanges.isEmpty()) {
                return;
            }
            Instant next = now.isBefore(deadline) ? deadline : completeAt;
            int version = timesVersion;
            Duration wait = Duration.between(now, next).plusMillis(1);
            Functions.Func<Boolean> woken =
                    () -> status != BookingStatus.CONFIRMED || timesVersion != version || !salespersonChanges.isEmpty();
            if (scopedTimers) {
                awaitCancellingTheTimer(wait, woken);
                if (status == BookingStatus.CONFIRMED && customerMayChange() != publishedMayChange) {
                    // the deadline passed (or a move put it ahead again): ops and the api see it in the memo
                    publish();
                }
                publishedMayChange = customerMayChange();
            } else {
                Workflow.await(wait, woken::apply);
            }
            while (!salespersonChanges.isEmpty() && status == BookingStatus.CONFIRMED) {
                SalespersonChange change = salespersonChanges.peek();
                if (applySalespersonChange(change)) {
                    salespersonChanges.remove(change);
                } else {
                    Workflow.sleep(StoreFailures.RETRY_TRANSITION_AFTER);
                }
            }
        }
    }

    /**
     * {@code Workflow.await(timeout, condition)} leaves its timer running when the condition ends the wait; a booking
     * open for weeks would collect one dead timer per wake-up. The scope cancels it.
     */
    private static void awaitCancellingTheTimer(Duration timeout, Functions.Func<Boolean> condition) {
        CancellationScope scope = Workflow.newCancellationScope(() -> {
            Workflow.await(timeout, condition::apply);
        });
        scope.run();
        scope.cancel();
    }

    /** Confirmed, and the customer's deadline not passed (the validator's own rule). */
    private boolean customerMayChange() {
        return status == BookingStatus.CONFIRMED && !now().isAfter(BookingWorkflow.customerChangeDeadline(startUtc));
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
                activities.mail.sendVerificationEmail(bookingId);
            } catch (ActivityFailure e) {
                throw BookingFailure.PROVIDER_UNAVAILABLE.failure(
                        "the verification email could not be sent; try again");
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
            confirmSaga.run(++confirmAttempts, verifyTokenId);
            status = BookingStatus.CONFIRMED;
            publish();
            try {
                activities.mail.sendConfirmationEmail(bookingId);
            } catch (ActivityFailure e) {
                // the booking stands: the invitation from Outlook reaches the customer anyway
                store.audit(bookingId, "confirmation_email_failed", "mail provider failed after retries");
            }
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
        if (confirmsInFlight >= MAX_CONFIRMS_IN_FLIGHT) {
            throw BookingFailure.RATE_LIMITED.failure(
                    "this booking is being confirmed already; try again in a few seconds");
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

    @Override
    public BookingState cancel(CancelRequest request) {
        writeLock.lock();
        try {
            if (status == BookingStatus.CANCELED) {
                return state();
            }
            // the deadline was checked when the update was accepted; an accepted cancel completes
            if (status != BookingStatus.CONFIRMED) {
                throw BookingFailure.INVALID_STATE.failure(
                        "only a confirmed booking can be canceled; it is " + status.dbValue());
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
            throw BookingFailure.INVALID_STATE.failure(
                    "only a confirmed booking can be canceled; it is " + status.dbValue());
        }
        if (request.actor() == CancelRequest.Actor.CUSTOMER
                && now().isAfter(BookingWorkflow.customerChangeDeadline(startUtc))) {
            throw BookingFailure.CANCEL_DEADLINE_PASSED.failure(
                    "cancel and reschedule close 24 hours before the start");
        }
    }

    /** The database first (frees the slot, never fails for good), then the providers best-effort, then the email. */
    private void cancelConfirmedBooking(CancelRequest request, boolean cancelOutlookEvent) {
        status = store.markCanceled(bookingId, request);
        publish();
        if (cancelOutlookEvent) {
            activities.undoCalendarEvent();
        }
        if (input.meetingProvider() == MeetingProviderKind.ZOOM) {
            activities.undoZoomMeeting();
        }
        activities.notifyQuietly(() -> activities.mail.sendCancellationEmail(bookingId), "cancellation_email_failed");
    }

    @Override
    public void salespersonMovedEvent(Instant newStartUtc, Instant newEndUtc) {
        salespersonChanges.add(new SalespersonChange(newStartUtc, newEndUtc));
    }

    @Override
    public void salespersonDeletedEvent() {
        salespersonChanges.add(new SalespersonChange(null, null));
    }

    /**
     * The Outlook manual-change policy; the 24-hour customer deadline does not bind the salesperson.
     *
     * @return false when the store failed for good (a programming error, reported): the change is tried again later
     */
    private boolean applySalespersonChange(SalespersonChange change) {
        writeLock.lock();
        try {
            if (status != BookingStatus.CONFIRMED) {
                return true;
            }
            if (change.deleted()) {
                cancelConfirmedBooking(
                        new CancelRequest(CancelRequest.Actor.SALESPERSON, "outlook_deleted", null), false);
                return true;
            }
            if (change.startUtc().equals(startUtc) && change.endUtc().equals(endUtc)) {
                return true;
            }
            if (store.moveBooking(bookingId, change.startUtc(), change.endUtc())) {
                startUtc = change.startUtc();
                endUtc = change.endUtc();
                timesVersion++;
                publish();
                if (input.meetingProvider() == MeetingProviderKind.ZOOM) {
                    try {
                        activities.meetings.updateZoomMeetingTime(bookingId);
                    } catch (ActivityFailure e) {
                        store.audit(bookingId, "zoom_update_failed", "the Zoom meeting keeps its old time");
                    }
                }
                activities.notifyQuietly(
                        () -> activities.mail.sendRescheduledBySalespersonEmail(bookingId), "reschedule_email_failed");
            } else {
                activities.notifyQuietly(
                        () -> activities.mail.sendMoveConflictEmail(bookingId), "conflict_email_failed");
            }
            return true;
        } catch (ActivityFailure e) {
            StoreFailures.report(change.deleted() ? "markCanceled" : "moveBooking", bookingId, e);
            return false;
        } finally {
            writeLock.unlock();
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

    /** Search attributes and memo after a change of status or times (the api set the first ones at the start). */
    private void publish() {
        BookingVisibility visibility = new BookingVisibility(
                input.tenantId(), input.salespersonId(), status, startUtc, endUtc, customerMayChange());
        if (leanUpserts == null) {
            leanUpserts = Workflow.getVersion(LEAN_UPSERTS, Workflow.DEFAULT_VERSION, 1) >= 1;
            if (leanUpserts) {
                readWhatTheStartCarried();
            }
        }
        if (!leanUpserts) {
            Workflow.upsertTypedSearchAttributes(visibility.searchAttributeUpdates());
            Workflow.upsertMemo(visibility.memoBeforeLeanUpserts());
            return;
        }
        List<SearchAttributeUpdate<?>> changed = visibility.searchAttributeUpdatesSince(publishedSearchAttributes);
        if (!changed.isEmpty()) {
            Workflow.upsertTypedSearchAttributes(changed.toArray(SearchAttributeUpdate<?>[]::new));
        }
        publishedSearchAttributes = visibility;
        Map<String, Object> memo = visibility.memo();
        if (!memo.equals(publishedMemo)) {
            Workflow.upsertMemo(memo);
            publishedMemo = memo;
        }
    }

    /**
     * What the workflow's start wrote ({@code BookingWorkflowLauncher} writes {@link BookingVisibility} of the stored
     * hold, for the api and the sweeper alike). A start without them (a starter of an earlier release) leaves both
     * unknown, so the first publish writes everything.
     */
    private void readWhatTheStartCarried() {
        SearchAttributes started = Workflow.getTypedSearchAttributes();
        String tenant = started.get(BookingSearchAttributes.TENANT_ID);
        String salesperson = started.get(BookingSearchAttributes.SALESPERSON_ID);
        String startedStatus = started.get(BookingSearchAttributes.BOOKING_STATUS);
        OffsetDateTime slotStart = started.get(BookingSearchAttributes.SLOT_START_UTC);
        if (tenant != null && salesperson != null && startedStatus != null && slotStart != null) {
            publishedSearchAttributes = new BookingVisibility(
                    UUID.fromString(tenant),
                    UUID.fromString(salesperson),
                    BookingStatus.fromDb(startedStatus),
                    slotStart.toInstant(),
                    endUtc,
                    false);
        }
        String slot = Workflow.getMemo("slot", String.class, String.class);
        Boolean mayChange = Workflow.getMemo("customerMayChange", Boolean.class, Boolean.class);
        if (slot != null && mayChange != null) {
            publishedMemo = Map.of("slot", slot, "customerMayChange", mayChange);
        }
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
