package com.salesbooking.store.booking;

/**
 * The Idempotency-Key of a hold belongs, within its lifetime, to a booking that another request made (another
 * slot, customer or rescheduled booking): the key may neither return nor change that booking.
 */
public class IdempotencyKeyConflictException extends RuntimeException {
    public IdempotencyKeyConflictException() {
        super("idempotency key owned by another request's booking", null, false, false);
    }
}
