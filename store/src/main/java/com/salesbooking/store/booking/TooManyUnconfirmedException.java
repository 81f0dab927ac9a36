package com.salesbooking.store.booking;

/** The customer already holds the maximum number of unconfirmed bookings in this tenant. */
public class TooManyUnconfirmedException extends RuntimeException {
    public TooManyUnconfirmedException() {
        super("too many unconfirmed bookings for this email", null, false, false);
    }
}
