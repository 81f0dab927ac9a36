package com.salesbooking.workflows.booking;

import java.util.EnumSet;
import java.util.Set;

/** A booking's status; the lower-case name is the value stored in {@code bookings.status}. */
public enum BookingStatus {
    HOLD,
    PENDING_VERIFY,
    CONFIRMED,
    CANCELED,
    EXPIRED;

    /** Statuses that occupy the slot (the partial unique index and exclusion constraint use the same set). */
    public static final Set<BookingStatus> ACTIVE = EnumSet.of(HOLD, PENDING_VERIFY, CONFIRMED);

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static BookingStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
