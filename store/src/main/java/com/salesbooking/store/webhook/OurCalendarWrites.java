package com.salesbooking.store.webhook;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The Outlook events of our bookings as we last wrote or saw them ({@code graph_events}: the change key recorded by
 * the confirm saga's create, and after each applied change). A notification whose change key is the one recorded is
 * an echo of what we already know, mostly of our own create: the webhook intake drops it before it costs a job and a
 * workflow.
 */
@Component
public class OurCalendarWrites {

    /**
     * One event as recorded.
     *
     * @param salespersonId whose calendar holds it (a notification counts only from that salesperson's subscription)
     * @param changeKey     Graph's change key when we last wrote or read the event; null when unknown
     */
    public record KnownEvent(String eventId, UUID salespersonId, String changeKey) {}

    /** Longest event id looked up: Graph's are ~150 characters; anything much longer cannot be one of ours. */
    static final int MAX_EVENT_ID_LENGTH = 512;

    private final JdbcClient jdbc;

    public OurCalendarWrites(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The recorded events among these ids, in one query (a webhook batch names up to a hundred). */
    public List<KnownEvent> find(Collection<String> eventIds) {
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
}
