package com.salesbooking.api.availability;

import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A fresh migrated database (with the local demo tenants) on the test JVM's embedded PostgreSQL, a small pool
 * and helpers that write bookings directly, as the booking workflow would.
 */
final class TestDatabase implements AutoCloseable {

    static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    static final UUID ANNA_BERLIN = UUID.fromString("a0000000-0000-4000-8000-000000000101");
    static final UUID NICK_NEW_YORK = UUID.fromString("a0000000-0000-4000-8000-000000000102");
    static final UUID CARLA_GLOBEX = UUID.fromString("b0000000-0000-4000-8000-000000000101");

    final HikariDataSource dataSource;
    final JdbcClient jdbc;
    final TenantDirectory directory;
    private final UUID customer = UUID.randomUUID();

    private TestDatabase(int poolSize) {
        EmbeddedDatabase server = EmbeddedDatabase.shared();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.newDatabase());
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(poolSize);
        dataSource = new HikariDataSource(config);
        jdbc = JdbcClient.create(dataSource);
        directory = new TenantDirectory(jdbc);
        jdbc.sql(
                        "INSERT INTO customers (id, tenant_id, name, email) VALUES (?, ?, 'Test Customer', 'customer@example.com')")
                .param(customer)
                .param(ACME)
                .update();
    }

    /** @param poolSize connections; more than the concurrent clients of a test only costs start-up time */
    static TestDatabase create(int poolSize) {
        return new TestDatabase(poolSize);
    }

    Tenant acme() {
        return directory.tenant(ACME).orElseThrow();
    }

    Salesperson salesperson(UUID id) {
        return directory.salesperson(ACME, id).orElseThrow();
    }

    /** A booking of acme in the given status; a hold also gets its holds row, as the hold endpoint writes it. */
    UUID insertBooking(UUID salespersonId, Instant start, Instant end, String status) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO bookings (id, tenant_id, salesperson_id, customer_id, start_at_utc, end_at_utc, status,
                                              idempotency_key, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), now())
                        """)
                .param(id)
                .param(ACME)
                .param(salespersonId)
                .param(customer)
                .param(start.atOffset(ZoneOffset.UTC))
                .param(end.atOffset(ZoneOffset.UTC))
                .param(status)
                .param("key-" + id)
                .update();
        if (status.equals("hold")) {
            jdbc.sql("INSERT INTO holds (booking_id, expires_at_utc) VALUES (?, now() + interval '10 minutes')")
                    .param(id)
                    .update();
        }
        return id;
    }

    void setStatus(UUID bookingId, String status) {
        jdbc.sql("UPDATE bookings SET status = ?, updated_at = now() WHERE id = ?")
                .param(status)
                .param(bookingId)
                .update();
    }

    void deleteBookings() {
        jdbc.sql("DELETE FROM holds").update();
        jdbc.sql("DELETE FROM bookings").update();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
