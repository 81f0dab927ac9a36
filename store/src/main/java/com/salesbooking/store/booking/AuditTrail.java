package com.salesbooking.store.booking;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a {@code tracking_events} row and an {@code audit_logs} row for one thing that happened to a
 * booking. Always called inside the caller's transaction, so a transition and its record commit together.
 * Meta carries ids, statuses, reasons and times only, never a name, an email or a token.
 * <p>
 * Every business event (hold, verification, confirmation, cancel, reschedule, expiry, Outlook move or delete,
 * compensation, attendance) passes here, so this is also where each gets its one INFO line, written after the
 * commit (a rolled-back transition, retried by its activity, is logged once, when it really happened), with the
 * same ids and meta as the audit row.
 */
@Component
public class AuditTrail {

    /** Its own logger name, so operators can keep business events while quietening the rest: {@code booking.events}. */
    private static final Logger events = LoggerFactory.getLogger("booking.events");

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param type      tracking event type, e.g. {@code hold_created}, {@code confirmed}
     * @param actorType customer, salesperson, admin or system
     * @param actorId   who exactly (customer id, salesperson id, admin key id), may be null
     */
    public void record(
            UUID tenantId,
            UUID bookingId,
            String type,
            String actorType,
            String actorId,
            Instant at,
            Map<String, ?> meta) {
        String metaJson = json.writeValueAsString(meta);
        // both rows in one statement: one round trip inside every transition's transaction
        jdbc.sql("""
                        WITH tracked AS (
                            INSERT INTO tracking_events (tenant_id, booking_id, type, occurred_at_utc, meta_json)
                            VALUES (?, ?, ?, ?, ?::jsonb))
                        INSERT INTO audit_logs (tenant_id, actor_type, actor_id, action, target_type, target_id, meta_json, created_at_utc)
                        VALUES (?, ?, ?, ?, 'booking', ?, ?::jsonb, ?)""")
                .params(
                        tenantId,
                        bookingId,
                        type,
                        Timestamp.from(at),
                        metaJson,
                        tenantId,
                        actorType,
                        actorId,
                        "booking." + type,
                        bookingId.toString(),
                        metaJson,
                        Timestamp.from(at))
                .update();
        afterCommit(() ->
                events.info("booking {} {} tenant={} actor={} {}", type, bookingId, tenantId, actorType, metaJson));
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    /** How many {@code type} events the booking has had; callers lock the booking row first when it must not change. */
    public int count(UUID bookingId, String type) {
        return jdbc.sql("SELECT count(*) FROM tracking_events WHERE booking_id = ? AND type = ?")
                .params(bookingId, type)
                .query(Integer.class)
                .single();
    }
}
