package com.salesbooking.workflows.booking;

import java.util.UUID;

/**
 * Cancels a confirmed booking.
 *
 * @param actor                who cancels: a customer is bound by the 24-hour deadline, a salesperson is not
 * @param reason               one of {@code customer}, {@code rescheduled}, {@code outlook_deleted}, {@code admin}
 * @param rescheduledToBooking the new booking when this cancel is the second half of a reschedule, else null
 */
public record CancelRequest(Actor actor, String reason, UUID rescheduledToBooking) {

    /** Who acts on a booking; the lower-case name is stored in audit logs. */
    public enum Actor {
        CUSTOMER,
        SALESPERSON,
        ADMIN,
        SYSTEM;

        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
