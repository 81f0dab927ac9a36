package com.salesbooking.store;

import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.store.booking.AuditTrail;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.booking.BookingStore.NewHold;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A fresh migrated database (with the local demo tenants) on the shared embedded PostgreSQL, for a test class of
 * the store's repositories; bookings are made the way the api makes them, through {@link BookingStore}.
 */
public final class StoreTestDatabase implements AutoCloseable {

    public static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    public static final UUID ANNA = UUID.fromString("a0000000-0000-4000-8000-000000000101");
    public static final UUID NICK = UUID.fromString("a0000000-0000-4000-8000-000000000102");

    private final HikariDataSource dataSource;
    public final JdbcClient jdbc;
    public final TransactionTemplate tx;

    public StoreTestDatabase() {
        EmbeddedDatabase server = EmbeddedDatabase.shared();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.newDatabase());
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** A hold of half an hour at {@code start} with the salesperson, made at {@code now}. */
    public BookingRecord hold(UUID salespersonId, Instant start, Instant now) {
        BookingStore store = new BookingStore(jdbc, tx, new AuditTrail(jdbc), Clock.fixed(now, ZoneOffset.UTC));
        return store.createHold(
                        newHold(
                                salespersonId,
                                start,
                                UUID.randomUUID() + "@example.com",
                                UUID.randomUUID().toString(),
                                now),
                        100)
                .booking();
    }

    /** What the api asks the store for: half an hour of acme's salesperson at {@code start}, held 10 minutes from now. */
    public static NewHold newHold(UUID salespersonId, Instant start, String email, String key, Instant now) {
        return new NewHold(
                ACME,
                salespersonId,
                start,
                start.plus(Duration.ofMinutes(30)),
                email,
                "Pat",
                null,
                key,
                now.plus(Duration.ofMinutes(10)),
                null);
    }

    /** Sets a booking's status by hand (what the transitions do is tested where they are written). */
    public void status(UUID bookingId, String status) {
        jdbc.sql("UPDATE bookings SET status = ?, canceled_at = CASE WHEN ? = 'canceled' THEN now() END WHERE id = ?")
                .params(status, status, bookingId)
                .update();
    }

    /** A connection of its own, outside the pool: for a test that holds a transaction open beside the store's. */
    public Connection newConnection() throws SQLException {
        return DriverManager.getConnection(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
    }

    public int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
