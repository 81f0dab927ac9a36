package com.salesbooking.workflows.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * What one webhook job asks for, as decided from the event's current state in Graph and the booking's row.
 *
 * @param bookingId null unless the event is one of our bookings
 * @param startUtc  the event's start now (for {@link Action#MOVED})
 * @param endUtc    the event's end now (for {@link Action#MOVED})
 * @param changeKey the event's change key now, recorded after acting; null when the event is gone
 * @param note      a short reason (ids, statuses and times only)
 */
public record JobDecision(
        Action action, UUID bookingId, Instant startUtc, Instant endUtc, String changeKey, String note) {

    /** The outcomes of the Outlook manual-change policy, plus the reasons to do nothing. */
    public enum Action {
        /** The job was already done or failed (a re-dispatch): nothing to do. */
        SKIP,
        /** No booking has this event: not ours (or no longer ours). */
        NOT_OURS,
        /** Nothing changed since the change key we last saw or wrote, or the booking is not confirmed. */
        IGNORE,
        /** The salesperson moved the event: the booking workflow decides whether the new interval is free. */
        MOVED,
        /** The salesperson deleted or cancelled the event. */
        DELETED,
        /** Another edit (subject, body, attendees...): audited only. */
        AUDIT_ONLY;

        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static JobDecision of(Action action, String note) {
        return new JobDecision(action, null, null, null, null, note);
    }
}
