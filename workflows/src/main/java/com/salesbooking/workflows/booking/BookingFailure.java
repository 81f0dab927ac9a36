package com.salesbooking.workflows.booking;

import io.temporal.failure.ApplicationFailure;

/**
 * Why a booking update was refused. The type travels as {@link ApplicationFailure#getType()} and the
 * api maps each one to one HTTP status and problem {@code code} (the lower-case name).
 */
public enum BookingFailure {
    /** The hold's TTL passed before the booking was confirmed (409). */
    HOLD_EXPIRED,
    /** The transition is not allowed from the booking's status (409). */
    INVALID_STATE,
    /** The verify token was already consumed, or a newer one replaced it (409). */
    TOKEN_USED,
    /** start - 24 h has passed: the customer may no longer cancel or reschedule (409). */
    CANCEL_DEADLINE_PASSED,
    /** Too many verification emails for this booking (429). */
    RATE_LIMITED,
    /** Zoom, Graph or mail failed and the step was undone; the customer may retry (503). */
    PROVIDER_UNAVAILABLE,
    /** The new interval of a salesperson's change collides with another booking (recorded, not an error to a customer). */
    SLOT_TAKEN;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A non-retryable failure of this type: refuses an update without failing the workflow. */
    public ApplicationFailure failure(String message) {
        // the code also leads the message: the Java test server sometimes delivers a validator's rejection with
        // the type replaced by a wrapper's, and the message is what survives
        return ApplicationFailure.newNonRetryableFailure(code() + ": " + message, name());
    }

    /** The message without the leading code that {@link #failure} adds. */
    public static String detail(String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        if (colon > 0
                && of(message.substring(0, colon).toUpperCase(java.util.Locale.ROOT))
                        .isPresent()) {
            return message.substring(colon + 2);
        }
        return message;
    }

    /**
     * Our failure inside an update's failure chain (a validator's refusal arrives wrapped), if there is one.
     */
    public static java.util.Optional<BookingFailure> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure af) {
                java.util.Optional<BookingFailure> type = of(af.getType());
                if (type.isPresent()) {
                    return type;
                }
                String message = af.getOriginalMessage();
                int colon = message == null ? -1 : message.indexOf(": ");
                if (colon > 0) {
                    type = of(message.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
                    if (type.isPresent()) {
                        return type;
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** The failure type of an {@link ApplicationFailure}, if it is one of ours. */
    public static java.util.Optional<BookingFailure> of(String type) {
        for (BookingFailure f : values()) {
            if (f.name().equals(type)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
