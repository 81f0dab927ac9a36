package com.salesbooking.api.booking;

/** Request bodies as they arrive (strings, validated by the service so every failure names its field). */
final class BookingRequests {

    private BookingRequests() {
    }

    record HoldRequest(String salespersonId, String startAt, String endAt, Customer customer) {
    }

    record Customer(String email, String name, String company) {
    }

    record VerifyEmailRequest(String bookingId) {
    }

    record TokenRequest(String token) {
    }

    record RescheduleRequest(String token, String newStartAt, String newEndAt) {
    }

    /** The validated form of a hold, also its idempotency fingerprint. */
    record ValidHold(java.util.UUID salespersonId, java.time.Instant startUtc, java.time.Instant endUtc, String email,
                     String name, String company) {
    }
}
