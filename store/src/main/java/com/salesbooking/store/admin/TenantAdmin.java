package com.salesbooking.store.admin;

import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes of the {@code tenants} table for the operator and the tenant admin (reads go through
 * {@link TenantDirectory}). Callers run these inside a transaction together with the audit row.
 */
@Repository
public class TenantAdmin {

    /**
     * Settings to change; null leaves a setting as it is.
     *
     * @param workingHoursJson {"mon":["09:00-12:00", ...], ...}, already validated
     */
    public record SettingsChange(
            String name,
            String timezone,
            Integer slotLengthMinutes,
            Integer bufferMinutes,
            Integer minimumNoticeMinutes,
            Integer maximumAdvanceDays,
            String workingHoursJson,
            String meetingProvider,
            String sharedMailbox,
            String bookingPageUrl,
            String m365TenantId) {}

    /** A tenant as the operator sees it. */
    public record TenantEntry(Tenant tenant, String status, Instant createdAt) {}

    private final JdbcClient jdbc;
    private final TenantDirectory directory;

    public TenantAdmin(JdbcClient jdbc, TenantDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    /** @throws DuplicateException (field {@code slug}) when the slug is taken */
    public void create(UUID id, String slug, SettingsChange settings, Instant now) {
        try {
            jdbc.sql("INSERT INTO tenants (id, name, slug, status, created_at) VALUES (?, ?, ?, 'active', ?)")
                    .params(id, settings.name(), slug, Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("slug");
        }
        update(id, settings);
    }

    /** @return false when no such tenant */
    public boolean update(UUID id, SettingsChange s) {
        return jdbc.sql("""
                        UPDATE tenants SET name = COALESCE(?, name),
                               default_timezone = COALESCE(?, default_timezone),
                               slot_length_minutes = COALESCE(?, slot_length_minutes),
                               buffer_minutes = COALESCE(?, buffer_minutes),
                               minimum_notice_minutes = COALESCE(?, minimum_notice_minutes),
                               maximum_advance_days = COALESCE(?, maximum_advance_days),
                               working_hours = COALESCE(?::jsonb, working_hours),
                               meeting_provider = COALESCE(?, meeting_provider),
                               shared_mailbox = COALESCE(?, shared_mailbox),
                               booking_page_base_url = COALESCE(?, booking_page_base_url),
                               m365_tenant_id = COALESCE(?, m365_tenant_id)
                         WHERE id = ?""")
                        .params(
                                s.name(),
                                s.timezone(),
                                s.slotLengthMinutes(),
                                s.bufferMinutes(),
                                s.minimumNoticeMinutes(),
                                s.maximumAdvanceDays(),
                                s.workingHoursJson(),
                                s.meetingProvider(),
                                s.sharedMailbox(),
                                s.bookingPageUrl(),
                                s.m365TenantId(),
                                id)
                        .update()
                == 1;
    }

    /** @return false when no such tenant */
    public boolean setStatus(UUID id, boolean active) {
        return jdbc.sql("UPDATE tenants SET status = ? WHERE id = ?")
                        .params(active ? "active" : "suspended", id)
                        .update()
                == 1;
    }

    public Optional<TenantEntry> find(UUID id) {
        return directory.tenant(id).map(t -> new TenantEntry(t, t.active() ? "active" : "suspended", createdAt(id)));
    }

    /** Every tenant, by slug. */
    public List<TenantEntry> list() {
        List<UUID> ids = jdbc.sql("SELECT id FROM tenants ORDER BY slug")
                .query(UUID.class)
                .list();
        return ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** The one-time id that the next Microsoft 365 consent callback must present. */
    public void expectConsent(UUID tenantId, String jti) {
        jdbc.sql("UPDATE tenants SET m365_consent_jti = ? WHERE id = ?")
                .params(jti, tenantId)
                .update();
    }

    /**
     * Records the Microsoft tenant that consented, consuming the one-time id in the same statement.
     *
     * @return false when the id is not the tenant's current one (replayed, or a newer link was made)
     */
    public boolean completeConsent(UUID tenantId, String jti, String m365TenantId) {
        return jdbc.sql("""
                        UPDATE tenants SET m365_tenant_id = ?, m365_consent_jti = NULL
                         WHERE id = ? AND m365_consent_jti = ?""").params(m365TenantId, tenantId, jti).update() == 1;
    }

    /** Forgets the one-time id (a refused consent): the link cannot be used again. */
    public void discardConsent(UUID tenantId, String jti) {
        jdbc.sql("UPDATE tenants SET m365_consent_jti = NULL WHERE id = ? AND m365_consent_jti = ?")
                .params(tenantId, jti)
                .update();
    }

    private Instant createdAt(UUID id) {
        return jdbc.sql("SELECT created_at FROM tenants WHERE id = ?")
                .param(id)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }
}
