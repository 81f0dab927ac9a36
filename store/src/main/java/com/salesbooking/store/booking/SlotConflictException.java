package com.salesbooking.store.booking;

/** The database refused an active booking because it collides with another one (unique index or exclusion). */
public class SlotConflictException extends RuntimeException {
    public SlotConflictException(String constraint) {
        super("slot conflict: " + constraint, null, false, false);
    }
}
