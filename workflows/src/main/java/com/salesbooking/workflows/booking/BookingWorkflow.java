package com.salesbooking.workflows.booking;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

import java.time.Duration;
import java.time.Instant;

/**
 * One workflow per booking, id {@code booking-{bookingId}}: the single writer of the booking's status
 * from the moment the api has inserted the hold. Customer actions are Updates (synchronous, validated
 * before anything is written, the Idempotency-Key is the update id); salesperson changes from Outlook are
 * signals. Refusals are {@link io.temporal.failure.ApplicationFailure}s typed by {@link BookingFailure}.
 */
@WorkflowInterface
public interface BookingWorkflow {

    /** Customers may cancel or reschedule until this long before the start; the salesperson is not bound by it. */
    Duration CUSTOMER_CANCEL_NOTICE = Duration.ofHours(24);

    /**
     * At most this many confirms of one booking at once (one running, the others waiting for it): more are refused
     * by the validator (429) before they count toward the server's limit of in-flight updates per workflow (10 on a
     * real Temporal server), which would refuse every further update of the booking, cancels included.
     */
    int MAX_CONFIRMS_IN_FLIGHT = 3;

    /** The last instant at which a customer may still cancel or reschedule a booking that starts at {@code startUtc}. */
    static Instant customerChangeDeadline(Instant startUtc) {
        return startUtc.minus(CUSTOMER_CANCEL_NOTICE);
    }

    /** Runs the booking from hold to expiry, or from confirmation to the end of its meeting. */
    @WorkflowMethod
    BookingState run(BookingWorkflowInput input);

    /** hold -> pending_verify and the verification email (again: same token). */
    @UpdateMethod
    BookingState requestVerification();

    @UpdateValidatorMethod(updateName = "requestVerification")
    void validateRequestVerification();

    /** pending_verify -> confirmed through the confirm saga; confirmed already -> the same answer. */
    @UpdateMethod
    BookingState confirm(String verifyTokenId);

    @UpdateValidatorMethod(updateName = "confirm")
    void validateConfirm(String verifyTokenId);

    /** confirmed -> canceled: the Outlook event is cancelled, the Zoom meeting deleted, the customer emailed. */
    @UpdateMethod
    BookingState cancel(CancelRequest request);

    @UpdateValidatorMethod(updateName = "cancel")
    void validateCancel(CancelRequest request);

    /** The salesperson moved the Outlook event: follow it if the new interval is free. */
    @SignalMethod
    void salespersonMovedEvent(Instant newStartUtc, Instant newEndUtc);

    /** The salesperson deleted or cancelled the Outlook event. */
    @SignalMethod
    void salespersonDeletedEvent();

    @QueryMethod
    BookingState state();
}
