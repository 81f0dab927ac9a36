package com.salesbooking.store.booking;

import com.salesbooking.workflows.booking.BookingStatus;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code bookings} joined with its hold's expiry. */
public record BookingRecord(
        UUID id,
        UUID tenantId,
        UUID salespersonId,
        UUID customerId,
        Instant startUtc,
        Instant endUtc,
        BookingStatus status,
        String idempotencyKey,
        String verifyTokenJti,
        Instant verifyTokenExpiresAt,
        int verifyEmailsSent,
        String manageTokenJti,
        UUID rescheduledFromBookingId,
        String cancelReason,
        Instant holdExpiresAt,
        Instant createdAt) {}
