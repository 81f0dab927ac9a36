package com.salesbooking.store.admin;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code audit_logs} rows for what operators and tenant admins change (tenants, salespersons, keys, customers).
 * Called inside the caller's transaction, so a change and its audit row commit together. Meta carries ids and
 * settings, never an email address, a name or a key.
 */
@Component
public class AdminAudit {

    /** Who acted: {@code operator} or {@code admin}, and the id of the key they used. */
    public record Actor(String type, String id) {
        public static Actor operator(String keyId) {
            return new Actor("operator", keyId);
        }

        public static Actor admin(UUID keyId) {
            return new Actor("admin", keyId.toString());
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public AdminAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param action     e.g. {@code tenant.created}, {@code salesperson.deactivated}
     * @param targetType tenant, salesperson, admin_key or customer
     */
    public void record(
            UUID tenantId,
            Actor actor,
            String action,
            String targetType,
            String targetId,
            Instant at,
            Map<String, ?> meta) {
        jdbc.sql("""
                        INSERT INTO audit_logs (tenant_id, actor_type, actor_id, action, target_type, target_id, meta_json, created_at_utc)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(
                        tenantId,
                        actor.type(),
                        actor.id(),
                        action,
                        targetType,
                        targetId,
                        json.writeValueAsString(meta),
                        Timestamp.from(at))
                .update();
    }
}
