package com.salesbooking.store.admin;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The tenant admin's reads of bookings: a filtered list paged by keyset, and one booking with its whole trail. */
@Repository
public class BookingQueries {

    private static final TypeReference<Map<String, Object>> META = new TypeReference<>() {};

    /** A booking with its customer, as a tenant admin sees it. */
    public record AdminBooking(
            UUID id,
            String status,
            Instant startUtc,
            Instant endUtc,
            UUID salespersonId,
            String salespersonName,
            UUID customerId,
            String customerEmail,
            String customerName,
            String customerCompany,
            Instant createdAt,
            Instant updatedAt,
            String cancelReason,
            String canceledBy,
            Instant canceledAt,
            UUID rescheduledFrom,
            Instant holdExpiresAt) {}

    /**
     * @param after the last (start, id) of the previous page, null for the first page
     */
    public record Filter(
            UUID tenantId,
            String status,
            UUID salespersonId,
            Instant from,
            Instant to,
            String email,
            Position after,
            int limit) {}

    /** A place in the (start, id) order. */
    public record Position(Instant start, UUID id) {}

    public record Meeting(String provider, String providerMeetingId, String joinUrl, Instant createdAt) {}

    public record OutlookEvent(String eventId, String organizerUserId, String icalUid, Instant updatedAt) {}

    public record TrackingEvent(String type, Instant occurredAt, Map<String, Object> meta) {}

    public record AuditEntry(
            String actorType, String actorId, String action, Instant createdAt, Map<String, Object> meta) {}

    public record Detail(
            AdminBooking booking,
            Meeting meeting,
            OutlookEvent outlookEvent,
            List<TrackingEvent> trackingEvents,
            List<AuditEntry> auditEntries) {}

    private static final String SELECT = """
            SELECT b.*, h.expires_at_utc AS hold_expires_at, c.email AS customer_email, c.name AS customer_name,
                   c.company AS customer_company, p.display_name AS salesperson_name
              FROM bookings b
              JOIN customers c ON c.id = b.customer_id
              JOIN salespersons p ON p.id = b.salesperson_id
              LEFT JOIN holds h ON h.booking_id = b.id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public BookingQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit + 1} bookings in (start, id) order after {@code filter.after()}: the extra one tells the
     * caller that there is a next page. Keyset paging: a booking inserted anywhere never shifts a later page.
     */
    public List<AdminBooking> list(Filter filter) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE b.tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(filter.tenantId());
        if (filter.status() != null) {
            sql.append(" AND b.status = ?");
            params.add(filter.status());
        }
        if (filter.salespersonId() != null) {
            sql.append(" AND b.salesperson_id = ?");
            params.add(filter.salespersonId());
        }
        if (filter.from() != null) {
            sql.append(" AND b.start_at_utc >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND b.start_at_utc < ?");
            params.add(Timestamp.from(filter.to()));
        }
        if (filter.email() != null) {
            sql.append(" AND lower(c.email) = lower(?)");
            params.add(filter.email());
        }
        if (filter.after() != null) {
            sql.append(" AND (b.start_at_utc, b.id) > (?, ?)");
            params.add(Timestamp.from(filter.after().start()));
            params.add(filter.after().id());
        }
        sql.append(" ORDER BY b.start_at_utc, b.id LIMIT ?");
        params.add(filter.limit() + 1);
        return jdbc.sql(sql.toString())
                .params(params)
                .query(BookingQueries::map)
                .list();
    }

    public Optional<Detail> detail(UUID tenantId, UUID bookingId) {
        Optional<AdminBooking> booking = jdbc.sql(SELECT + " WHERE b.tenant_id = ? AND b.id = ?")
                .params(tenantId, bookingId)
                .query(BookingQueries::map)
                .optional();
        return booking.map(b -> detail(tenantId, b));
    }

    /** Every booking of one customer of the tenant, in (start, id) order, each with its trail. */
    public List<Detail> ofCustomer(UUID tenantId, UUID customerId) {
        return jdbc
                .sql(SELECT + " WHERE b.tenant_id = ? AND b.customer_id = ? ORDER BY b.start_at_utc, b.id")
                .params(tenantId, customerId)
                .query(BookingQueries::map)
                .list()
                .stream()
                .map(b -> detail(tenantId, b))
                .toList();
    }

    private Detail detail(UUID tenantId, AdminBooking b) {
        Meeting meeting = jdbc.sql(
                        "SELECT provider, provider_meeting_id, join_url, created_at FROM meetings WHERE booking_id = ?")
                .param(b.id())
                .query((rs, i) ->
                        new Meeting(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, "created_at")))
                .optional()
                .orElse(null);
        OutlookEvent event = jdbc.sql(
                        "SELECT event_id, organizer_user_id, ical_uid, updated_at FROM graph_events WHERE booking_id = ?")
                .param(b.id())
                .query((rs, i) ->
                        new OutlookEvent(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, "updated_at")))
                .optional()
                .orElse(null);
        List<TrackingEvent> tracking = jdbc.sql("""
                        SELECT type, occurred_at_utc, meta_json FROM tracking_events
                         WHERE booking_id = ? ORDER BY occurred_at_utc, id""")
                .param(b.id())
                .query((rs, i) ->
                        new TrackingEvent(rs.getString(1), instant(rs, "occurred_at_utc"), meta(rs.getString(3))))
                .list();
        List<AuditEntry> audit = jdbc.sql("""
                        SELECT actor_type, actor_id, action, created_at_utc, meta_json FROM audit_logs
                         WHERE tenant_id = ? AND target_type = 'booking' AND target_id = ? ORDER BY created_at_utc, id""")
                .params(tenantId, b.id().toString())
                .query((rs, i) -> new AuditEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        instant(rs, "created_at_utc"),
                        meta(rs.getString(5))))
                .list();
        return new Detail(b, meeting, event, tracking, audit);
    }

    private Map<String, Object> meta(String text) {
        return text == null ? Map.of() : json.readValue(text, META);
    }

    private static AdminBooking map(ResultSet rs, int row) throws SQLException {
        return new AdminBooking(
                rs.getObject("id", UUID.class),
                rs.getString("status"),
                instant(rs, "start_at_utc"),
                instant(rs, "end_at_utc"),
                rs.getObject("salesperson_id", UUID.class),
                rs.getString("salesperson_name"),
                rs.getObject("customer_id", UUID.class),
                rs.getString("customer_email"),
                rs.getString("customer_name"),
                rs.getString("customer_company"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getString("cancel_reason"),
                rs.getString("canceled_by"),
                instant(rs, "canceled_at"),
                rs.getObject("rescheduled_from_booking_id", UUID.class),
                instant(rs, "hold_expires_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
