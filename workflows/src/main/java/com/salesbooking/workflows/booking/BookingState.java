package com.salesbooking.workflows.booking;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking as its workflow sees it: the result of every update and the workflow's result.
 *
 * @param holdExpiresAt the hold's expiry (meaningful while hold or pending_verify)
 */
public record BookingState(
        UUID bookingId, BookingStatus status, Instant startUtc, Instant endUtc, Instant holdExpiresAt) {}
