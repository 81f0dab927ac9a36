package com.salesbooking.api.attendance;

import com.salesbooking.api.admin.TenantAdminAuth;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.WireTimes;
import com.salesbooking.store.booking.AuditTrail;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.workflows.booking.BookingStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Tenant admins record whether the customer came. Attendance is not a status: it is a tracking event and an
 * audit row; a later call corrects an earlier one, and both stay in the audit log. It is written here, not
 * through the workflow, because it never changes the booking's status and must work after the workflow ends.
 */
@RestController
public class AttendanceController {

    private final TenantAdminAuth auth;
    private final BookingStore bookings;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final java.time.Duration attendanceWindow;

    AttendanceController(
            TenantAdminAuth auth,
            BookingStore bookings,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            com.salesbooking.platform.BookingProperties properties) {
        this.attendanceWindow = properties.attendanceWindow();
        this.auth = auth;
        this.bookings = bookings;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    public record AttendanceRequest(
            @Schema(
                    requiredMode = REQUIRED,
                    allowableValues = {"attended", "no_show"})
            String status) {}

    public record AttendanceRecorded(
            @Schema(requiredMode = REQUIRED) UUID bookingId,

            @Schema(
                    requiredMode = REQUIRED,
                    allowableValues = {"attended", "no_show"})
            String attendance,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String recordedAt) {}

    @PostMapping(path = "/v1/internal/attendance/{bookingId}", consumes = "application/json")
    AttendanceRecorded record(
            @PathVariable String bookingId,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String apiKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestBody(required = false) AttendanceRequest body) {
        // the key alone names the tenant; X-Tenant-Id (id or slug), when sent, must be the key's tenant
        TenantAdminAuth.Admin admin = auth.authenticate(apiKey, tenantHeader, operatorKey);
        UUID tenantId = admin.tenant().id();
        UUID keyId = admin.keyId();
        String attendance = body == null ? null : body.status();
        if (!"attended".equals(attendance) && !"no_show".equals(attendance)) {
            throw ApiException.invalid("status", "status must be attended or no_show");
        }
        UUID id;
        try {
            id = UUID.fromString(bookingId);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BOOKING_NOT_FOUND, "no such booking");
        }
        // another tenant's booking is simply not found: nothing about it is revealed
        BookingRecord booking = bookings.find(tenantId, id)
                .orElseThrow(() -> new ApiException(ErrorCode.BOOKING_NOT_FOUND, "no such booking"));
        if (booking.status() != BookingStatus.CONFIRMED) {
            throw new ApiException(
                    ErrorCode.INVALID_STATE,
                    "attendance is recorded for confirmed bookings only; this one is "
                            + booking.status().dbValue());
        }
        Instant now = clock.instant();
        if (now.isBefore(booking.startUtc())) {
            throw new ApiException(ErrorCode.INVALID_STATE, "the meeting has not started yet");
        }
        // BOOKING_ATTENDANCE_WINDOW: after it the booking's record is final (attendance is the api's alone: the
        // booking's
        // workflow ended with the meeting)
        if (now.isAfter(booking.endUtc().plus(attendanceWindow))) {
            throw new ApiException(
                    ErrorCode.INVALID_STATE,
                    "attendance can be recorded until " + booking.endUtc().plus(attendanceWindow)
                            + ", the end of the attendance window");
        }
        tx.executeWithoutResult(s -> {
            boolean correction = audit.count(id, "attendance_recorded") > 0;
            audit.record(
                    tenantId,
                    id,
                    "attendance_recorded",
                    "admin",
                    keyId.toString(),
                    now,
                    Map.of("attendance", attendance, "correction", correction));
        });
        return new AttendanceRecorded(id, attendance, WireTimes.utc(now));
    }
}
