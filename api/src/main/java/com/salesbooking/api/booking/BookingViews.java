package com.salesbooking.api.booking;

import java.util.UUID;

/** Response bodies of the public booking endpoints (snake_case on the wire). */
final class BookingViews {

    private BookingViews() {
    }

    record HoldCreated(UUID bookingId, String status, String startAt, String endAt, String expiresAt) {
    }

    record VerificationSent(UUID bookingId, String status, String expiresAt) {
    }

    record Confirmed(UUID bookingId, String status, String startAt, String endAt, String joinUrl) {
    }

    /** A confirmation email queued again; it goes out within a sweep round (about a minute). */
    record ResendQueued(UUID bookingId, String email) {
    }

    record Canceled(UUID bookingId, String status) {
    }

    record Rescheduled(UUID bookingId, String status, UUID rescheduledFrom, String startAt, String endAt, String expiresAt) {
    }

    record CustomerBooking(UUID bookingId, String status, String startAt, String endAt, String startLocal,
                           String endLocal, String timezone, SalespersonRef salesperson, String joinUrl,
                           String expiresAt, String cancelDeadline, UUID rescheduledFrom) {
    }

    record SalespersonRef(UUID id, String displayName) {
    }
}
