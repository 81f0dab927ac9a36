package com.salesbooking.api.booking;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Response bodies of the public booking endpoints (snake_case on the wire). The OpenAPI schemas are derived from
 * these records ({@code OpenApiConfiguration}): {@code @Schema} says what the Java type cannot (a string that is a
 * date-time, a fixed status, which properties are always present). Times are {@code WireTimes} strings.
 */
public final class BookingViews {

    private BookingViews() {}

    public record HoldCreated(
            @Schema(requiredMode = REQUIRED) UUID bookingId,

            @Schema(requiredMode = REQUIRED, allowableValues = "hold")
            String status,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String startAt,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String endAt,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String expiresAt) {}

    public record VerificationSent(
            @Schema(requiredMode = REQUIRED) UUID bookingId,

            @Schema(requiredMode = REQUIRED, allowableValues = "pending_verify")
            String status,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String expiresAt) {}

    public record Confirmed(
            @Schema(requiredMode = REQUIRED) UUID bookingId,

            @Schema(requiredMode = REQUIRED, allowableValues = "confirmed")
            String status,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String startAt,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String endAt,

            @Schema(format = "uri", description = "The online meeting; absent when none was created")
            String joinUrl) {}

    /** A confirmation email queued again; it goes out within a sweep round (about a minute). */
    public record ResendQueued(
            @Schema(requiredMode = REQUIRED) UUID bookingId,

            @Schema(requiredMode = REQUIRED, allowableValues = "queued")
            String email) {}

    public record Canceled(
            @Schema(requiredMode = REQUIRED) UUID bookingId,

            @Schema(requiredMode = REQUIRED, allowableValues = "canceled")
            String status) {}

    public record Rescheduled(
            @Schema(requiredMode = REQUIRED, description = "The new booking")
            UUID bookingId,

            @Schema(requiredMode = REQUIRED, allowableValues = "pending_verify")
            String status,

            @Schema(requiredMode = REQUIRED) UUID rescheduledFrom,
            @Schema(format = "date-time") String startAt,
            @Schema(format = "date-time") String endAt,
            @Schema(format = "date-time") String expiresAt) {}

    public record CustomerBooking(
            @Schema(requiredMode = REQUIRED) UUID bookingId,

            @Schema(
                    requiredMode = REQUIRED,
                    allowableValues = {"hold", "pending_verify", "confirmed", "canceled", "expired"})
            String status,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String startAt,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String endAt,

            @Schema(format = "date-time", description = "start_at in the salesperson's zone")
            String startLocal,

            @Schema(format = "date-time", description = "end_at in the salesperson's zone")
            String endLocal,

            @Schema(requiredMode = REQUIRED, description = "IANA zone")
            String timezone,

            SalespersonRef salesperson,
            @Schema(format = "uri") String joinUrl,
            @Schema(format = "date-time") String expiresAt,
            @Schema(format = "date-time") String cancelDeadline,
            UUID rescheduledFrom) {}

    public record SalespersonRef(UUID id, String displayName) {}
}
