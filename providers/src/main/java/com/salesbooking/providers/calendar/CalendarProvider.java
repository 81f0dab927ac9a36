package com.salesbooking.providers.calendar;

import com.salesbooking.providers.ProviderTenant;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The salesperson's Outlook calendar (Microsoft Graph). Every method throws
 * {@link com.salesbooking.providers.ProviderException} on failure, classified as retryable
 * or not; none swallows an error.
 */
public interface CalendarProvider {

    /**
     * Creates the event on the organizer's calendar with the customer as required attendee. Idempotent
     * through {@link EventRequest#transactionId()}: Graph refuses to create a second event with the same
     * transaction id, so a retried create cannot duplicate the event.
     */
    CalendarEvent createEvent(ProviderTenant tenant, EventRequest request);

    /** Moves the event; returns its new state (change key). */
    CalendarEvent updateEventTime(
            ProviderTenant tenant,
            String organizerUserId,
            String eventId,
            Instant startUtc,
            Instant endUtc,
            ZoneId timezone);

    /**
     * Cancels the event so attendees receive Outlook's cancellation (falls back to delete). An event that
     * does not exist any more counts as cancelled.
     */
    void cancelEvent(ProviderTenant tenant, String organizerUserId, String eventId, String comment);

    /** The event as it is now, or empty when it was deleted. */
    Optional<CalendarEvent> getEvent(ProviderTenant tenant, String organizerUserId, String eventId);

    /**
     * The ids of the organizer's events overlapping [fromUtc, toUtc) whose transaction id starts with
     * {@code transactionIdPrefix}: the events our creates made, including one whose answer was lost.
     */
    List<String> findEventIds(
            ProviderTenant tenant, String organizerUserId, String transactionIdPrefix, Instant fromUtc, Instant toUtc);

    /** The organizer's busy intervals that overlap [fromUtc, toUtc). */
    List<BusyInterval> busyTimes(ProviderTenant tenant, String organizerUserId, Instant fromUtc, Instant toUtc);

    /**
     * @param organizerUserId Graph user id (or UPN) of the salesperson
     * @param transactionId   derived from the booking id: makes create idempotent
     * @param subject         event subject (carries the booking id)
     * @param bodyHtml        event body (carries booking id and join URL)
     * @param location        location text (the join URL for Zoom)
     * @param startUtc        start instant
     * @param endUtc          end instant
     * @param timezone        the salesperson's IANA zone, sent explicitly
     * @param attendeeEmail   the customer, a required attendee
     * @param attendeeName    the customer's name, may be null
     * @param teamsMeeting    true: Graph creates a Teams meeting and returns its join URL
     */
    record EventRequest(
            String organizerUserId,
            String transactionId,
            String subject,
            String bodyHtml,
            String location,
            Instant startUtc,
            Instant endUtc,
            ZoneId timezone,
            String attendeeEmail,
            String attendeeName,
            boolean teamsMeeting) {}

    /**
     * @param eventId    Graph's id of the event
     * @param iCalUId    the iCalendar UID shared by all attendees' copies
     * @param changeKey  Graph's change key (the etag without quotes), to recognise our own writes
     * @param startUtc   current start
     * @param endUtc     current end
     * @param cancelled  true when the organizer cancelled it
     * @param joinUrl    the Teams join URL when the event is an online meeting, else null
     */
    record CalendarEvent(
            String eventId,
            String iCalUId,
            String changeKey,
            Instant startUtc,
            Instant endUtc,
            boolean cancelled,
            String joinUrl) {}

    /** A busy interval, [startUtc, endUtc). */
    record BusyInterval(Instant startUtc, Instant endUtc) {}
}
