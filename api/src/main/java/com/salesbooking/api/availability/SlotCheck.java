package com.salesbooking.api.availability;

/** Whether a requested interval may be held, as {@link AvailabilityService#check} sees it. */
public enum SlotCheck {
    /** Exactly one of the slots the availability endpoint offers right now. */
    OFFERED,
    /** An active booking (hold, pending_verify, confirmed) overlaps the requested interval itself. */
    TAKEN,
    /**
     * Anything else: not a slot of that day's grid, outside working hours, in a DST gap, before the minimum
     * notice, beyond the maximum advance, in the past, busy in the calendar, or inside another booking's buffer.
     */
    UNAVAILABLE
}
