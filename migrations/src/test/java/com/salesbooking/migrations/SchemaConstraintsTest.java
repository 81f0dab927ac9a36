package com.salesbooking.migrations;

import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema decides double booking and idempotency, not application code: these tests prove it on a real PostgreSQL. */
class SchemaConstraintsTest {

    static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    static final UUID ANNA = UUID.fromString("a0000000-0000-4000-8000-000000000101");
    static final UUID GLOBEX = UUID.fromString("b0000000-0000-4000-8000-000000000001");
    static final UUID CARLA = UUID.fromString("b0000000-0000-4000-8000-000000000101");
    static final Instant TEN = Instant.parse("2027-03-01T10:00:00Z");

    static String url;
    Connection db;
    UUID acmeCustomer;
    UUID globexCustomer;

    @BeforeAll
    static void database() {
        url = EmbeddedDatabase.shared().newDatabase();
    }

    @BeforeEach
    void connect() throws SQLException {
        db = DriverManager.getConnection(url, "postgres", "postgres");
        acmeCustomer = customer(ACME);
        globexCustomer = customer(GLOBEX);
    }

    @Test
    void changelogAppliesToAnEmptyDatabaseAndAgainIsANoOp() throws SQLException {
        String emptyUrl = EmbeddedDatabase.shared().newEmptyDatabase();
        try (Connection c = DriverManager.getConnection(emptyUrl, "postgres", "postgres")) {
            assertThat(SchemaMigrator.pendingChangeSets(c, SchemaMigrator.PRODUCTION_CONTEXT))
                    .isPositive();
            SchemaMigrator.migrate(c, SchemaMigrator.PRODUCTION_CONTEXT);
            assertThat(SchemaMigrator.pendingChangeSets(c, SchemaMigrator.PRODUCTION_CONTEXT))
                    .isZero();
            int applied = count(c, "SELECT count(*) FROM databasechangelog");
            SchemaMigrator.migrate(c, SchemaMigrator.PRODUCTION_CONTEXT);
            assertThat(count(c, "SELECT count(*) FROM databasechangelog")).isEqualTo(applied);
            // production (no 'local' context) gets no demo tenants
            assertThat(count(c, "SELECT count(*) FROM tenants")).isZero();
        }
    }

    @Test
    void twoActiveBookingsOnTheSameSlotViolateTheUniqueIndex() throws SQLException {
        booking(ACME, ANNA, acmeCustomer, TEN, TEN.plusSeconds(3600), "hold");
        assertThatThrownBy(() -> booking(ACME, ANNA, acmeCustomer, TEN, TEN.plusSeconds(3600), "confirmed"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23505", "23P01"));
    }

    @Test
    void expiredOrCanceledBookingsDoNotBlockANewOne() throws SQLException {
        Instant start = TEN.plusSeconds(86_400);
        booking(ACME, ANNA, acmeCustomer, start, start.plusSeconds(3600), "expired");
        UUID canceled = booking(ACME, ANNA, acmeCustomer, start, start.plusSeconds(3600), "hold");
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE bookings SET status = 'canceled', canceled_at = now(), cancel_reason = 'customer', canceled_by = 'customer' WHERE id = ?")) {
            ps.setObject(1, canceled);
            ps.executeUpdate();
        }
        booking(ACME, ANNA, acmeCustomer, start, start.plusSeconds(3600), "pending_verify");
        assertThat(count(db, "SELECT count(*) FROM bookings WHERE start_at_utc = '" + Timestamp.from(start) + "+00'"))
                .isEqualTo(3);
    }

    @Test
    void overlappingActiveBookingsOfDifferentLengthsViolateTheExclusionConstraint() throws SQLException {
        Instant start = TEN.plusSeconds(2 * 86_400);
        booking(ACME, ANNA, acmeCustomer, start, start.plusSeconds(3600), "confirmed");
        assertThatThrownBy(() ->
                        booking(ACME, ANNA, acmeCustomer, start.plusSeconds(1800), start.plusSeconds(3600), "hold"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23P01"));
        // back to back is not an overlap: [10:00, 11:00) and [11:00, 11:30)
        booking(ACME, ANNA, acmeCustomer, start.plusSeconds(3600), start.plusSeconds(5400), "hold");
    }

    @Test
    void sameIdempotencyKeyTwiceInOneTenantIsRefusedInTwoTenantsIsFine() throws SQLException {
        Instant start = TEN.plusSeconds(3 * 86_400);
        insertBooking(ACME, ANNA, acmeCustomer, start, start.plusSeconds(3600), "hold", "key-1");
        assertThatThrownBy(() -> insertBooking(
                        ACME, ANNA, acmeCustomer, start.plusSeconds(7200), start.plusSeconds(10800), "hold", "key-1"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"))
                .hasMessageContaining("bookings_tenant_idempotency_key_uq");
        insertBooking(GLOBEX, CARLA, globexCustomer, start, start.plusSeconds(3600), "hold", "key-1");
    }

    @Test
    void endBeforeStartAndUnknownStatusAreRefused() {
        assertThatThrownBy(() -> booking(ACME, ANNA, acmeCustomer, TEN, TEN.minusSeconds(60), "hold"))
                .hasMessageContaining("bookings_interval_ck");
        assertThatThrownBy(() -> booking(
                        ACME,
                        ANNA,
                        acmeCustomer,
                        TEN.plusSeconds(9 * 86_400),
                        TEN.plusSeconds(9 * 86_400 + 3600),
                        "booked"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aBookingCannotPointAtAnotherTenantsSalesperson() {
        assertThatThrownBy(() -> booking(
                        ACME,
                        CARLA,
                        acmeCustomer,
                        TEN.plusSeconds(5 * 86_400),
                        TEN.plusSeconds(5 * 86_400 + 3600),
                        "hold"))
                .hasMessageContaining("bookings_salesperson_fk");
    }

    @Test
    void customersAreUniquePerTenantAndCaseInsensitiveEmail() throws SQLException {
        insertCustomer(ACME, "Jane@Example.com");
        assertThatThrownBy(() -> insertCustomer(ACME, "jane@example.COM")).isInstanceOf(SQLException.class);
        insertCustomer(GLOBEX, "jane@example.com");
    }

    private UUID customer(UUID tenant) throws SQLException {
        return insertCustomer(tenant, "c-" + UUID.randomUUID() + "@example.com");
    }

    private UUID insertCustomer(UUID tenant, String email) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps =
                db.prepareStatement("INSERT INTO customers (id, tenant_id, email) VALUES (?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, tenant);
            ps.setString(3, email);
            ps.executeUpdate();
        }
        return id;
    }

    private UUID booking(UUID tenant, UUID salesperson, UUID customer, Instant start, Instant end, String status)
            throws SQLException {
        return insertBooking(
                tenant,
                salesperson,
                customer,
                start,
                end,
                status,
                UUID.randomUUID().toString());
    }

    private UUID insertBooking(
            UUID tenant,
            UUID salesperson,
            UUID customer,
            Instant start,
            Instant end,
            String status,
            String idempotencyKey)
            throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO bookings (id, tenant_id, salesperson_id, customer_id, start_at_utc, end_at_utc, status,
                                      idempotency_key, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), now())""")) {
            ps.setObject(1, id);
            ps.setObject(2, tenant);
            ps.setObject(3, salesperson);
            ps.setObject(4, customer);
            ps.setTimestamp(5, Timestamp.from(start));
            ps.setTimestamp(6, Timestamp.from(end));
            ps.setString(7, status);
            ps.setString(8, idempotencyKey);
            ps.executeUpdate();
        }
        return id;
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
