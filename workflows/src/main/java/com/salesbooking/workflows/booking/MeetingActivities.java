package com.salesbooking.workflows.booking;

import io.temporal.activity.ActivityInterface;

import java.time.Duration;
import java.util.UUID;

/**
 * Zoom and the salesperson's Outlook calendar. Results stay in PostgreSQL (join and start URLs are
 * capabilities: they never enter a workflow history); methods return nothing but may throw.
 * Provider failures are classified: retryable ones (429, 5xx, time-outs) are retried by the activity's
 * retry policy, honouring Retry-After; others fail at once with type {@link #NON_RETRYABLE}.
 */
@ActivityInterface
public interface MeetingActivities {

    /** Non-retryable failure type thrown for a provider's 4xx and the like. */
    String NON_RETRYABLE = "ProviderNonRetryable";

    /**
     * The heartbeat time-out of activities that heartbeat after each Zoom or Graph call (these, and the Graph
     * subscription's resync). The longest silence between two heartbeats is one call: a Graph call may wait 5 s for
     * its mailbox permit and then run 18 s (the Graph defaults; a Zoom call, token included, ends within 10 s), so
     * 23 s, plus the attempt's own database reads before its first call (milliseconds; 2 s allowed). A stuck attempt
     * is then given up after 25 s and retried, and, when its call comes back, its heartbeat tells it to stop.
     */
    Duration PROVIDER_HEARTBEAT_TIMEOUT = Duration.ofSeconds(25);

    /**
     * Creates the Zoom meeting and stores it in {@code meetings}. Idempotent: when the booking already has a
     * stored meeting, nothing is created, and a retried attempt first adopts a meeting an earlier attempt created
     * without its answer arriving.
     */
    void createZoomMeeting(UUID bookingId);

    /**
     * Creates the Outlook event (customer as attendee; a Teams meeting for Teams tenants) and stores it in
     * {@code graph_events} (and the Teams join URL in {@code meetings}). Idempotent: a stored event is reused,
     * and Graph's {@code transactionId} (booking id + attempt) stops a retried create from duplicating it.
     *
     * @param attempt the confirm attempt, so an event cancelled by a compensation is never matched again
     */
    void createCalendarEvent(UUID bookingId, int attempt);

    /**
     * Deletes the booking's Zoom meeting, if it has one, and forgets it. A meeting already gone is fine. With none
     * stored, deletes the meetings Zoom holds for the booking (a create whose answer was lost): the saga's undo.
     */
    void deleteZoomMeeting(UUID bookingId);

    /**
     * Cancels the booking's Outlook event (attendees are told), if it has one. An event already gone is fine. With
     * none stored, cancels the events of the booking in the salesperson's calendar (a create whose answer was lost).
     */
    void cancelCalendarEvent(UUID bookingId, String comment);

    /** Moves the booking's Zoom meeting to the booking's current times (after a salesperson's move). */
    void updateZoomMeetingTime(UUID bookingId);
}
