package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

import java.util.UUID;

/**
 * The confirm saga: (a) Zoom meeting, (b) Outlook event, (c) the confirming transaction. Each compensation is
 * registered before its step, because a step that timed out may still have happened; a failure of any step, the
 * confirming transaction included, undoes the steps before it. Deterministic workflow code:
 * it runs inside the booking's workflow, under its write lock.
 */
final class ConfirmSaga {

    /** Version marker: a failed confirming transaction is compensated like a failed provider step. */
    static final String FINALIZE_COMPENSATED = "finalize-confirmation-compensated";

    private final Logger log = Workflow.getLogger(ConfirmSaga.class);
    private final BookingActivities activities;
    private final UUID bookingId;
    private final MeetingProviderKind provider;

    ConfirmSaga(BookingActivities activities, UUID bookingId, MeetingProviderKind provider) {
        this.activities = activities;
        this.bookingId = bookingId;
        this.provider = provider;
    }

    /**
     * Creates the meeting and the event and flips the booking to confirmed; on failure everything created is undone
     * and the update is refused with the failure's type (the booking stays pending_verify).
     *
     * @param attempt the confirm attempt (1, 2, ...), part of Graph's transaction id
     */
    void run(int attempt, String verifyTokenId) {
        Saga saga =
                new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
        try {
            if (provider == MeetingProviderKind.ZOOM) {
                saga.addCompensation(activities::undoZoomMeeting);
                activities.meetings.createZoomMeeting(bookingId);
            }
            saga.addCompensation(activities::undoCalendarEvent);
            activities.meetings.createCalendarEvent(bookingId, attempt);
        } catch (ActivityFailure e) {
            log.warn("confirm saga of booking {} failed at a provider (attempt {}): compensating", bookingId, attempt);
            Workflow.newDetachedCancellationScope(saga::compensate).run();
            throw BookingFailure.PROVIDER_UNAVAILABLE.failure("the meeting could not be created; please try again");
        }
        ConfirmCheck outcome;
        try {
            outcome = activities.store.finalizeConfirmation(bookingId, verifyTokenId);
        } catch (ActivityFailure e) {
            // before this version a failure here failed the update with the meeting and the event left standing
            if (Workflow.getVersion(FINALIZE_COMPENSATED, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
                throw e;
            }
            StoreFailures.report("finalizeConfirmation", bookingId, e);
            Workflow.newDetachedCancellationScope(saga::compensate).run();
            throw BookingFailure.PROVIDER_UNAVAILABLE.failure("the booking could not be confirmed; please try again");
        }
        if (outcome != ConfirmCheck.OK && outcome != ConfirmCheck.ALREADY_CONFIRMED) {
            Workflow.newDetachedCancellationScope(saga::compensate).run();
            throw (outcome == ConfirmCheck.TOKEN_USED ? BookingFailure.TOKEN_USED : BookingFailure.INVALID_STATE)
                    .failure("booking could not be confirmed: " + outcome);
        }
    }
}
