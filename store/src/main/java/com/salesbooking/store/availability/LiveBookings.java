package com.salesbooking.store.availability;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The active bookings (hold, pending_verify, confirmed) that block a salesperson's slots, read live on every call: a
 * slot disappears the moment it is held on any api replica and comes back when the hold expires or the booking is
 * cancelled or moved. Never cached.
 */
@Repository
public class LiveBookings {

    private final JdbcClient jdbc;

    public LiveBookings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A booked interval, UTC. */
    public record Booked(Instant startUtc, Instant endUtc) {}

    /**
     * The salesperson's active bookings overlapping [from, to), with the row versions of the tenant and the
     * salesperson read in the same round trip, so a caller that cached the two rows can tell whether its copies are
     * still current ({@code TenantDirectory}'s versioned reads give the same versions).
     *
     * @return empty when the tenant or the salesperson no longer exists
     */
    public Optional<Day> day(UUID tenantId, UUID salespersonId, Instant from, Instant to) {
        List<Day> rows = new ArrayList<>(1);
        List<Booked> booked = new ArrayList<>();
        jdbc.sql("""
                        SELECT t.xmin::text AS tenant_version, s.xmin::text AS salesperson_version,
                               b.start_at_utc, b.end_at_utc
                          FROM tenants t
                          JOIN salespersons s ON s.tenant_id = t.id AND s.id = :salesperson
                          LEFT JOIN bookings b ON b.tenant_id = t.id
                                              AND b.salesperson_id = s.id
                                              AND b.status IN ('hold', 'pending_verify', 'confirmed')
                                              AND b.start_at_utc < :to
                                              AND b.end_at_utc > :from
                         WHERE t.id = :tenant""")
                .param("tenant", tenantId)
                .param("salesperson", salespersonId)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query(rs -> {
                    if (rows.isEmpty()) {
                        rows.add(new Day(rs.getString("tenant_version"), rs.getString("salesperson_version"), booked));
                    }
                    OffsetDateTime start = rs.getObject("start_at_utc", OffsetDateTime.class);
                    if (start != null) {
                        booked.add(booked(rs, start));
                    }
                });
        return rows.stream().findFirst();
    }

    /** The salesperson's active bookings overlapping [from, to). */
    public List<Booked> overlapping(UUID tenantId, UUID salespersonId, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT start_at_utc, end_at_utc
                          FROM bookings
                         WHERE tenant_id = :tenant
                           AND salesperson_id = :salesperson
                           AND status IN ('hold', 'pending_verify', 'confirmed')
                           AND start_at_utc < :to
                           AND end_at_utc > :from""")
                .param("tenant", tenantId)
                .param("salesperson", salespersonId)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> booked(rs, rs.getObject("start_at_utc", OffsetDateTime.class)))
                .list();
    }

    private static Booked booked(ResultSet rs, OffsetDateTime start) throws SQLException {
        return new Booked(
                start.toInstant(),
                rs.getObject("end_at_utc", OffsetDateTime.class).toInstant());
    }

    /**
     * A day's bookings and the versions (PostgreSQL's {@code xmin}: it changes with every update of the row) of the
     * tenant and salesperson rows they were read with.
     */
    public record Day(String tenantVersion, String salespersonVersion, List<Booked> booked) {}
}
