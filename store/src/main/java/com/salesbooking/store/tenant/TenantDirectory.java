package com.salesbooking.store.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.salesbooking.workflows.booking.MeetingProviderKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads tenants and salespersons. Every salesperson query is scoped to a tenant. */
@Repository
public class TenantDirectory {

    private static final TypeReference<Map<String, List<String>>> HOURS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    /**
     * Parsed working hours by their stored JSON: every hold and availability answer reads its tenant's and
     * salesperson's row, and parsing the hours again was two fifths of that read's CPU (JFR). Keyed by the text
     * itself, so a changed row never meets a stale entry; the bound keeps a tenant that edits its hours in a loop
     * from growing it.
     */
    private final Cache<String, WorkingHours> parsedHours =
            Caffeine.newBuilder().maximumSize(10_000).build();

    private final JsonMapper json = JsonMapper.builder().build();

    public TenantDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant with this slug, if it exists and is active. */
    public Optional<Tenant> activeTenantBySlug(String slug) {
        return jdbc.sql("SELECT * FROM tenants WHERE slug = ? AND status = 'active'")
                .param(slug)
                .query(this::mapTenant)
                .optional();
    }

    public Optional<Tenant> tenant(UUID id) {
        return jdbc.sql("SELECT * FROM tenants WHERE id = ?")
                .param(id)
                .query(this::mapTenant)
                .optional();
    }

    public List<Salesperson> activeSalespersons(UUID tenantId) {
        return jdbc.sql("SELECT * FROM salespersons WHERE tenant_id = ? AND active ORDER BY display_name, id")
                .param(tenantId)
                .query(this::mapSalesperson)
                .list();
    }

    /** A salesperson of this tenant (active or not). */
    public Optional<Salesperson> salesperson(UUID tenantId, UUID salespersonId) {
        return jdbc.sql("SELECT * FROM salespersons WHERE tenant_id = ? AND id = ?")
                .param(tenantId)
                .param(salespersonId)
                .query(this::mapSalesperson)
                .optional();
    }

    /**
     * A row and its version: PostgreSQL's {@code xmin}, which every update of the row changes, so a copy kept in
     * memory can be checked against the table in the same round trip as other reads (e.g. {@code LiveBookings}).
     */
    public record Versioned<T>(T value, String version) {}

    /** {@link #activeTenantBySlug} with the row's version. */
    public Optional<Versioned<Tenant>> activeTenantBySlugVersioned(String slug) {
        return jdbc.sql("SELECT *, xmin::text AS row_version FROM tenants WHERE slug = ? AND status = 'active'")
                .param(slug)
                .query((rs, row) -> new Versioned<>(mapTenant(rs, row), rs.getString("row_version")))
                .optional();
    }

    /** {@link #salesperson} with the row's version. */
    public Optional<Versioned<Salesperson>> salespersonVersioned(UUID tenantId, UUID salespersonId) {
        return jdbc.sql("SELECT *, xmin::text AS row_version FROM salespersons WHERE tenant_id = ? AND id = ?")
                .param(tenantId)
                .param(salespersonId)
                .query((rs, row) -> new Versioned<>(mapSalesperson(rs, row), rs.getString("row_version")))
                .optional();
    }

    private Tenant mapTenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("slug"),
                rs.getString("m365_tenant_id"),
                "active".equals(rs.getString("status")),
                ZoneId.of(rs.getString("default_timezone")),
                Duration.ofMinutes(rs.getInt("slot_length_minutes")),
                Duration.ofMinutes(rs.getInt("buffer_minutes")),
                Duration.ofMinutes(rs.getInt("minimum_notice_minutes")),
                rs.getInt("maximum_advance_days"),
                hours(rs.getString("working_hours")),
                MeetingProviderKind.fromDb(rs.getString("meeting_provider")),
                rs.getString("shared_mailbox"),
                rs.getString("booking_page_base_url"));
    }

    private Salesperson mapSalesperson(ResultSet rs, int row) throws SQLException {
        String hours = rs.getString("working_hours");
        return new Salesperson(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("graph_user_id"),
                rs.getString("display_name"),
                rs.getString("email"),
                ZoneId.of(rs.getString("timezone")),
                rs.getBoolean("active"),
                hours == null ? null : hours(hours));
    }

    private WorkingHours hours(String text) {
        return parsedHours.get(text, stored -> WorkingHours.parse(json.readValue(stored, HOURS)));
    }
}
