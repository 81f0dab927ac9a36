package com.salesbooking.workflows.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What a BookingWorkflow starts with: ids, times and the tenant's meeting provider, never a name or an
 * email (those stay in PostgreSQL; activities read them).
 *
 * @param holdExpiresAt     the hold's expiry as stored in {@code holds.expires_at_utc}
 * @param attendanceWindow  how long after the meeting ends the workflow stays open: read only by workflows on the
 *                          branch before {@code BookingWorkflowImpl.ENDS_WITH_THE_MEETING} (they end with their meeting now)
 */
public record BookingWorkflowInput(
        UUID bookingId,
        UUID tenantId,
        UUID salespersonId,
        Instant startUtc,
        Instant endUtc,
        Instant holdExpiresAt,
        MeetingProviderKind meetingProvider,
        Duration attendanceWindow) {

    public static String workflowId(UUID bookingId) {
        return "booking-" + bookingId;
    }
}
