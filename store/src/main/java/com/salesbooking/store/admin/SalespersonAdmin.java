package com.salesbooking.store.admin;

import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.TenantDirectory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes of the {@code salespersons} table for tenant admins; every statement is scoped to the tenant. */
@Repository
public class SalespersonAdmin {

    /**
     * Fields to change; null leaves a field as it is.
     *
     * @param workingHoursJson their own hours, already validated
     * @param useTenantHours   drop their own hours: the tenant's apply again
     */
    public record Change(
            String displayName,
            String email,
            String graphUserId,
            String timezone,
            String workingHoursJson,
            boolean useTenantHours) {}

    private final JdbcClient jdbc;
    private final TenantDirectory directory;

    public SalespersonAdmin(JdbcClient jdbc, TenantDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    /** @throws DuplicateException (field {@code graph_user_id}) when the tenant has a salesperson with that Graph user */
    public void create(
            UUID tenantId,
            UUID id,
            String displayName,
            String email,
            String graphUserId,
            String timezone,
            String workingHoursJson,
            Instant now) {
        try {
            jdbc.sql("""
                            INSERT INTO salespersons (id, tenant_id, graph_user_id, display_name, email, timezone, active,
                                                      working_hours, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, true, ?::jsonb, ?)""")
                    .params(
                            id,
                            tenantId,
                            graphUserId,
                            displayName,
                            email,
                            timezone,
                            workingHoursJson,
                            Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("graph_user_id");
        }
    }

    /** @return false when the tenant has no such salesperson */
    public boolean update(UUID tenantId, UUID id, Change c) {
        try {
            return jdbc.sql("""
                            UPDATE salespersons SET display_name = COALESCE(?, display_name), email = COALESCE(?, email),
                                   graph_user_id = COALESCE(?, graph_user_id), timezone = COALESCE(?, timezone),
                                   working_hours = CASE WHEN ? THEN NULL ELSE COALESCE(?::jsonb, working_hours) END
                             WHERE tenant_id = ? AND id = ?""")
                            .params(
                                    c.displayName(),
                                    c.email(),
                                    c.graphUserId(),
                                    c.timezone(),
                                    c.useTenantHours(),
                                    c.workingHoursJson(),
                                    tenantId,
                                    id)
                            .update()
                    == 1;
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("graph_user_id");
        }
    }

    /** @return false when the tenant has no such salesperson */
    public boolean setActive(UUID tenantId, UUID id, boolean active) {
        return jdbc.sql("UPDATE salespersons SET active = ? WHERE tenant_id = ? AND id = ?")
                        .params(active, tenantId, id)
                        .update()
                == 1;
    }

    /** Every salesperson of the tenant, active or not, by name. */
    public List<Salesperson> list(UUID tenantId) {
        List<UUID> ids = jdbc.sql("SELECT id FROM salespersons WHERE tenant_id = ? ORDER BY display_name, id")
                .param(tenantId)
                .query(UUID.class)
                .list();
        return ids.stream()
                .map(id -> directory.salesperson(tenantId, id).orElseThrow())
                .toList();
    }

    public Instant createdAt(UUID id) {
        return jdbc.sql("SELECT created_at FROM salespersons WHERE id = ?")
                .param(id)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    /** Active bookings (held, waiting for verification or confirmed) of the salesperson that start after {@code now}. */
    public int futureActiveBookings(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql("""
                        SELECT count(*) FROM bookings WHERE tenant_id = ? AND salesperson_id = ? AND start_at_utc > ?
                           AND status IN ('hold', 'pending_verify', 'confirmed')""")
                .params(tenantId, id, Timestamp.from(now))
                .query(Integer.class)
                .single();
    }
}
