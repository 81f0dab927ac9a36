package com.salesbooking.workflows.booking;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.util.UUID;

/**
 * The activity stubs a booking's workflow calls, each with the options that fit what it does, and the reasons for
 * every number. Created inside the workflow (stubs are workflow objects); creating them issues no command.
 */
final class BookingActivities {

    /** How long one provider step of the confirm saga may take, retries included. */
    static final Duration PROVIDER_STEP_BUDGET = Duration.ofSeconds(40);

    static final ActivityOptions STORE = ActivityOptions.newBuilder()
            // one short transaction; 10 s also covers waiting for a row lock held by a concurrent writer
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                    // no attempt limit: a database outage ends, and giving up half-way would lose a transition;
                    // an api caller stops waiting after its own timeout while the workflow carries on
                    .setInitialInterval(Duration.ofMillis(200))
                    .setBackoffCoefficient(2)
                    // capped so a recovered database is noticed within half a minute
                    .setMaximumInterval(Duration.ofSeconds(30))
                    // a refusal is final; so is a programming error, which retrying cannot heal (StoreFailures)
                    .setDoNotRetry(doNotRetryStore())
                    .build())
            .build();

    static final ActivityOptions PROVIDER = ActivityOptions.newBuilder()
            // Zoom and Graph answer in about a second; 30 s leaves room for Graph's slow calendar writes
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            // one step with all its retries: a customer waits on confirm (the api answers 503 after 45 s), so no
            // attempt starts later than this, however long a Retry-After asks to wait; Zoom and Graph together end
            // within 80 s and the saga undoes what was made, rather than creating a meeting minutes after the 503
            .setScheduleToCloseTimeout(PROVIDER_STEP_BUDGET)
            // each of these activities heartbeats after every provider call; an attempt silent for longer than one
            // call (see the constant) is stuck and retried before its 30 s are up (MeetingActivitiesImpl)
            .setHeartbeatTimeout(MeetingActivities.PROVIDER_HEARTBEAT_TIMEOUT)
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

    static final ActivityOptions CLEANUP = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            // a cancel with nothing stored looks the booking's events up, then cancels each: a heartbeat after every
            // call, so a stuck attempt is retried (and stops when its call returns) rather than cancel beside its retry
            .setHeartbeatTimeout(MeetingActivities.PROVIDER_HEARTBEAT_TIMEOUT)
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2)
                    // best effort: three tries, then a compensation_jobs row keeps the work for later
                    .setMaximumAttempts(3)
                    .setDoNotRetry(MeetingActivities.NON_RETRYABLE)
                    .build())
            .build();

    static final ActivityOptions MAIL = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setBackoffCoefficient(2)
                    // a retried send may send twice; four tries bound both the wait and the duplicates
                    .setMaximumAttempts(4)
                    .setDoNotRetry(MeetingActivities.NON_RETRYABLE)
                    .build())
            .build();

    private static String[] doNotRetryStore() {
        java.util.List<String> types = new java.util.ArrayList<>(StoreFailures.PROGRAMMING_ERRORS);
        types.add(BookingFailure.RATE_LIMITED.name());
        return types.toArray(String[]::new);
    }

    final BookingStoreActivities store = Workflow.newActivityStub(BookingStoreActivities.class, STORE);
    /** Creates and moves: the confirm saga's steps. */
    final MeetingActivities meetings = Workflow.newActivityStub(MeetingActivities.class, PROVIDER);
    /** Deletes and cancels: compensations and the provider side of a cancel. */
    final MeetingActivities cleanup = Workflow.newActivityStub(MeetingActivities.class, CLEANUP);

    final NotificationActivities mail = Workflow.newActivityStub(NotificationActivities.class, MAIL);

    private final UUID bookingId;

    BookingActivities(UUID bookingId) {
        this.bookingId = bookingId;
    }

    /**
     * Deletes the booking's Zoom meeting; when that fails for good, a {@code compensation_jobs} row keeps the work for
     * the sweeper's retrier.
     */
    void undoZoomMeeting() {
        try {
            cleanup.deleteZoomMeeting(bookingId);
        } catch (ActivityFailure e) {
            store.recordCompensation(bookingId, BookingStoreActivities.CompensationKind.DELETE_ZOOM_MEETING);
        }
    }

    /** Cancels the booking's Outlook event (attendees are told); a failure for good leaves a compensation row. */
    void undoCalendarEvent() {
        try {
            cleanup.cancelCalendarEvent(bookingId, "The booking could not be completed.");
        } catch (ActivityFailure e) {
            store.recordCompensation(bookingId, BookingStoreActivities.CompensationKind.DELETE_GRAPH_EVENT);
        }
    }

    /** Sends an email whose failure does not change the booking: the failure is audited. */
    void notifyQuietly(Runnable send, String failureAction) {
        try {
            send.run();
        } catch (ActivityFailure e) {
            store.audit(bookingId, failureAction, "mail provider failed after retries");
        }
    }
}
