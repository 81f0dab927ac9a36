package com.salesbooking.store.meeting;

import com.salesbooking.workflows.booking.BookingStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a booking has at its providers: its online meeting ({@code meetings}: Zoom, or the Teams meeting of its
 * event) and its Outlook event ({@code graph_events}, with the change key we last saw). One row of each per booking
 * at most: a save that finds one already there (a retried activity) keeps the first.
 */
@Repository
public class MeetingStore {

    /** The Outlook event of a booking: whose calendar holds it and its id there. */
    public record StoredEvent(String organizerUserId, String eventId) {}

    /** An upcoming confirmed booking with what we last saw of its event (a resync compares it with Outlook). */
    public record WatchedEvent(UUID bookingId, String organizerUserId, String eventId, String etag) {}

    /** The booking an Outlook event belongs to, with what we last saw of the event. */
    public record TrackedEvent(
            UUID bookingId,
            UUID tenantId,
            BookingStatus status,
            Instant startUtc,
            Instant endUtc,
            String organizerUserId,
            String eventId,
            String etag) {}

    /**
     * An Outlook event of ours as recorded, for the webhook intake: a notification whose change key is the recorded
     * one is an echo of what we already know (mostly of our own create) and is dropped before it costs a job.
     *
     * @param salespersonId whose calendar holds it (a notification counts only from that salesperson's subscription)
     * @param changeKey     Graph's change key when we last wrote or read the event; null when unknown
     */
    public record KnownEvent(String eventId, UUID salespersonId, String changeKey) {}

    /** Longest event id looked up: Graph's are ~150 characters; anything much longer cannot be one of ours. */
    static final int MAX_EVENT_ID_LENGTH = 512;

    private final JdbcClient jdbc;

    public MeetingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The recorded events among these ids, in one query (a webhook batch names up to a hundred). */
    public List<KnownEvent> knownEvents(Collection<String> eventIds) {
        String[] ids = eventIds.stream()
                .filter(id -> id != null && !id.isBlank() && id.length() <= MAX_EVENT_ID_LENGTH)
                .distinct()
                .toArray(String[]::new);
        if (ids.length == 0) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT g.event_id, b.salesperson_id, g.etag
                          FROM graph_events g JOIN bookings b ON b.id = g.booking_id
                         WHERE g.event_id = ANY(?)""")
                .param(ids)
                .query((rs, n) -> new KnownEvent(
                        rs.getString("event_id"), rs.getObject("salesperson_id", UUID.class), rs.getString("etag")))
                .list();
    }

    /** The booking's Zoom meeting id (a Teams meeting is not one). */
    public Optional<String> zoomMeetingId(UUID bookingId) {
        return jdbc.sql("SELECT provider_meeting_id FROM meetings WHERE booking_id = ? AND provider = 'zoom'")
                .param(bookingId)
                .query(String.class)
                .optional();
    }

    /** The booking's meeting id, whichever provider made it. */
    public Optional<String> meetingId(UUID bookingId) {
        return jdbc.sql("SELECT provider_meeting_id FROM meetings WHERE booking_id = ?")
                .param(bookingId)
                .query(String.class)
                .optional();
    }

    public void saveZoomMeeting(UUID bookingId, String meetingId, String joinUrl, String startUrl, Instant now) {
        jdbc.sql("""
                        INSERT INTO meetings (booking_id, provider, provider_meeting_id, join_url, start_url, created_at)
                        VALUES (?, 'zoom', ?, ?, ?, ?) ON CONFLICT (booking_id) DO NOTHING""")
                .params(bookingId, meetingId, joinUrl, startUrl, Timestamp.from(now))
                .update();
    }

    /** A Teams meeting is the booking's Outlook event's: stored under the event's id. */
    public void saveTeamsMeeting(UUID bookingId, String eventId, String joinUrl, Instant now) {
        jdbc.sql("""
                        INSERT INTO meetings (booking_id, provider, provider_meeting_id, join_url, created_at)
                        VALUES (?, 'teams', ?, ?, ?) ON CONFLICT (booking_id) DO NOTHING""").params(bookingId, eventId, joinUrl, Timestamp.from(now)).update();
    }

    public void deleteZoomMeeting(UUID bookingId) {
        jdbc.sql("DELETE FROM meetings WHERE booking_id = ? AND provider = 'zoom'")
                .param(bookingId)
                .update();
    }

    /** Forgets the booking's meeting, whichever provider made it. */
    public void deleteMeeting(UUID bookingId) {
        jdbc.sql("DELETE FROM meetings WHERE booking_id = ?").param(bookingId).update();
    }

    public boolean hasCalendarEvent(UUID bookingId) {
        return jdbc.sql("SELECT count(*) FROM graph_events WHERE booking_id = ?")
                        .param(bookingId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    public Optional<StoredEvent> calendarEvent(UUID bookingId) {
        return jdbc.sql("SELECT organizer_user_id, event_id FROM graph_events WHERE booking_id = ?")
                .param(bookingId)
                .query((rs, i) -> new StoredEvent(rs.getString("organizer_user_id"), rs.getString("event_id")))
                .optional();
    }

    public void saveCalendarEvent(
            UUID bookingId, String organizerUserId, String eventId, String iCalUId, String etag, Instant now) {
        jdbc.sql("""
                        INSERT INTO graph_events (booking_id, organizer_user_id, event_id, ical_uid, etag, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (booking_id) DO NOTHING""")
                .params(bookingId, organizerUserId, eventId, iCalUId, etag, Timestamp.from(now))
                .update();
    }

    /** The change key of the event as we last saw it (a notification with this key is our own write or a repeat). */
    public void updateEtag(UUID bookingId, String etag, Instant now) {
        jdbc.sql("UPDATE graph_events SET etag = ?, updated_at = ? WHERE booking_id = ?")
                .params(etag, Timestamp.from(now), bookingId)
                .update();
    }

    public void deleteCalendarEvent(UUID bookingId) {
        jdbc.sql("DELETE FROM graph_events WHERE booking_id = ?")
                .param(bookingId)
                .update();
    }

    /** The salesperson's confirmed bookings not yet over at {@code now}, the earliest first. */
    public List<WatchedEvent> upcomingConfirmed(UUID tenantId, UUID salespersonId, Instant now) {
        return jdbc.sql("""
                        SELECT b.id, g.organizer_user_id, g.event_id, g.etag
                          FROM bookings b JOIN graph_events g ON g.booking_id = b.id
                         WHERE b.tenant_id = ? AND b.salesperson_id = ? AND b.status = 'confirmed' AND b.end_at_utc > ?
                         ORDER BY b.start_at_utc""")
                .params(tenantId, salespersonId, Timestamp.from(now))
                .query((rs, i) -> new WatchedEvent(
                        rs.getObject("id", UUID.class),
                        rs.getString("organizer_user_id"),
                        rs.getString("event_id"),
                        rs.getString("etag")))
                .list();
    }

    /** The booking of this tenant's salesperson that has the event; another salesperson's is not found. */
    public Optional<TrackedEvent> trackedEvent(String eventId, UUID tenantId, UUID salespersonId) {
        return jdbc.sql("""
                        SELECT b.id, b.tenant_id, b.status, b.start_at_utc, b.end_at_utc, g.organizer_user_id, g.event_id, g.etag
                          FROM graph_events g JOIN bookings b ON b.id = g.booking_id
                         WHERE g.event_id = ? AND b.tenant_id = ? AND b.salesperson_id = ?""")
                .params(eventId, tenantId, salespersonId)
                .query(MeetingStore::tracked)
                .optional();
    }

    private static TrackedEvent tracked(ResultSet rs, int row) throws SQLException {
        return new TrackedEvent(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                BookingStatus.fromDb(rs.getString("status")),
                rs.getTimestamp("start_at_utc").toInstant(),
                rs.getTimestamp("end_at_utc").toInstant(),
                rs.getString("organizer_user_id"),
                rs.getString("event_id"),
                rs.getString("etag"));
    }
}
