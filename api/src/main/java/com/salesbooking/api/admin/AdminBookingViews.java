package com.salesbooking.api.admin;

import com.salesbooking.store.admin.BookingQueries;
import com.salesbooking.workflows.booking.BookingWorkflowInput;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tenant admin's views of bookings (snake_case on the wire). */
public final class AdminBookingViews {

    private AdminBookingViews() {}

    public record CustomerView(UUID id, String email, String name, String company) {}

    public record SalespersonRef(UUID id, String displayName) {}

    public record BookingItem(
            UUID bookingId,
            String status,
            String startAt,
            String endAt,
            SalespersonRef salesperson,
            CustomerView customer,
            String createdAt,
            String cancelReason,
            String canceledBy,
            String canceledAt,
            UUID rescheduledFrom,
            String holdExpiresAt) {
        static BookingItem of(BookingQueries.AdminBooking b) {
            return new BookingItem(
                    b.id(),
                    b.status(),
                    text(b.startUtc()),
                    text(b.endUtc()),
                    new SalespersonRef(b.salespersonId(), b.salespersonName()),
                    new CustomerView(b.customerId(), b.customerEmail(), b.customerName(), b.customerCompany()),
                    text(b.createdAt()),
                    b.cancelReason(),
                    b.canceledBy(),
                    text(b.canceledAt()),
                    b.rescheduledFrom(),
                    text(b.holdExpiresAt()));
        }
    }

    /** @param nextCursor pass as {@code cursor} for the next page; absent on the last page */
    public record BookingPage(List<BookingItem> items, String nextCursor) {}

    public record MeetingView(String provider, String providerMeetingId, String joinUrl, String createdAt) {}

    public record OutlookEventView(String eventId, String organizerUserId, String icalUid, String updatedAt) {}

    /** @param meta ids, statuses, reasons and times of the event (free-form, per type) */
    public record TrackingEventView(
            String type,
            String occurredAt,

            @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
            Map<String, Object> meta) {}

    public record AuditEntryView(
            String actorType,
            String actorId,
            String action,
            String createdAt,

            @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
            Map<String, Object> meta) {}

    /** @param workflowId the booking's Temporal workflow ({@code booking-{id}}), for the Temporal UI */
    public record BookingDetail(
            UUID bookingId,
            String status,
            String startAt,
            String endAt,
            SalespersonRef salesperson,
            CustomerView customer,
            String createdAt,
            String updatedAt,
            String cancelReason,
            String canceledBy,
            String canceledAt,
            UUID rescheduledFrom,
            String holdExpiresAt,
            MeetingView meeting,
            OutlookEventView outlookEvent,
            List<TrackingEventView> trackingEvents,
            List<AuditEntryView> auditEntries,
            String workflowId) {
        static BookingDetail of(BookingQueries.Detail d) {
            BookingQueries.AdminBooking b = d.booking();
            return new BookingDetail(
                    b.id(),
                    b.status(),
                    text(b.startUtc()),
                    text(b.endUtc()),
                    new SalespersonRef(b.salespersonId(), b.salespersonName()),
                    new CustomerView(b.customerId(), b.customerEmail(), b.customerName(), b.customerCompany()),
                    text(b.createdAt()),
                    text(b.updatedAt()),
                    b.cancelReason(),
                    b.canceledBy(),
                    text(b.canceledAt()),
                    b.rescheduledFrom(),
                    text(b.holdExpiresAt()),
                    d.meeting() == null
                            ? null
                            : new MeetingView(
                                    d.meeting().provider(),
                                    d.meeting().providerMeetingId(),
                                    d.meeting().joinUrl(),
                                    text(d.meeting().createdAt())),
                    d.outlookEvent() == null
                            ? null
                            : new OutlookEventView(
                                    d.outlookEvent().eventId(),
                                    d.outlookEvent().organizerUserId(),
                                    d.outlookEvent().icalUid(),
                                    text(d.outlookEvent().updatedAt())),
                    d.trackingEvents().stream()
                            .map(t -> new TrackingEventView(t.type(), text(t.occurredAt()), t.meta()))
                            .toList(),
                    d.auditEntries().stream()
                            .map(a -> new AuditEntryView(
                                    a.actorType(), a.actorId(), a.action(), text(a.createdAt()), a.meta()))
                            .toList(),
                    BookingWorkflowInput.workflowId(b.id()));
        }
    }

    public record CustomerRecord(UUID id, String email, String name, String company, String createdAt) {}

    /** Everything stored about one customer of the tenant (GDPR art. 15). */
    public record CustomerExport(CustomerRecord customer, List<BookingDetail> bookings, String exportedAt) {}

    public record ErasedBooking(UUID bookingId, String status) {}

    /** @param bookings the customer's bookings after the erasure (future confirmed ones canceled, reason erasure) */
    public record Erasure(UUID customerId, List<ErasedBooking> bookings) {}

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
