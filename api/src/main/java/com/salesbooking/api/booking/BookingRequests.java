package com.salesbooking.api.booking;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Request bodies as they arrive (strings, validated by the service so every failure names its field). The
 * {@code @Schema} annotations tell clients, through the derived OpenAPI schemas, what the service accepts.
 */
public final class BookingRequests {

    private BookingRequests() {}

    public record HoldRequest(
            @Schema(requiredMode = REQUIRED, format = "uuid")
            String salespersonId,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String startAt,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String endAt,

            @Schema(requiredMode = REQUIRED) Customer customer) {}

    public record Customer(
            @Schema(requiredMode = REQUIRED, format = "email")
            String email,

            @Schema(maxLength = 200) String name,
            @Schema(maxLength = 200) String company) {}

    public record VerifyEmailRequest(
            @Schema(requiredMode = REQUIRED, format = "uuid")
            String bookingId) {}

    public record TokenRequest(
            @Schema(requiredMode = REQUIRED) String token) {}

    public record RescheduleRequest(
            @Schema(requiredMode = REQUIRED) String token,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String newStartAt,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String newEndAt) {}

    /** The validated form of a hold, also its idempotency fingerprint. */
    record ValidHold(
            java.util.UUID salespersonId,
            java.time.Instant startUtc,
            java.time.Instant endUtc,
            String email,
            String name,
            String company) {}
}
