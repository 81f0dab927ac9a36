package com.salesbooking.store.booking;

import com.salesbooking.store.StoreTestDatabase;
import com.salesbooking.store.booking.BookingStore.HoldResult;
import com.salesbooking.store.booking.BookingStore.NewHold;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A hold that loses a deadlock (PostgreSQL aborts one of two transactions that wait for each other) is tried
 * again: against a real deadlock with another transaction, and against holds whose insert PostgreSQL refuses as a
 * deadlock loser every time (a trigger of this test raises SQLSTATE 40P01 and counts the tries in a sequence,
 * which a rollback does not undo).
 */
class BookingStoreDeadlockTest {

    private static final UUID ACME = StoreTestDatabase.ACME;
    private static final UUID ANNA = StoreTestDatabase.ANNA;
    private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    private static final int LIMIT = 3;
    /** Holds starting at this hour always lose a deadlock (the trigger below). */
    private static final Instant ALWAYS_DEADLOCKED = Instant.parse("2027-04-01T09:00:00Z");

    private static StoreTestDatabase database;
    private static JdbcClient jdbc;
    private static BookingStore store;

    @BeforeAll
    static void database() {
        database = new StoreTestDatabase();
        jdbc = database.jdbc;
        store = new BookingStore(jdbc, database.tx, new AuditTrail(jdbc), Clock.fixed(NOW, ZoneOffset.UTC));
        jdbc.sql("CREATE SEQUENCE deadlocked_tries").update();
        jdbc.sql("""
                        CREATE FUNCTION lose_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            PERFORM nextval('deadlocked_tries');
                            RAISE EXCEPTION 'deadlock detected (raised by the test)' USING ERRCODE = 'deadlock_detected';
                        END $$""").update();
        jdbc.sql("""
                        CREATE TRIGGER lose_deadlock BEFORE INSERT ON bookings FOR EACH ROW
                          WHEN (NEW.start_at_utc = TIMESTAMPTZ '2027-04-01T09:00:00Z')
                          EXECUTE FUNCTION lose_deadlock()""").update();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void aHoldThatLosesARealDeadlockIsTriedAgainAndPlacedOnceTheOtherTransactionIsGone() throws Exception {
        Instant start = Instant.parse("2027-04-02T09:00:00Z");
        String email = "deadlock@example.com";
        String key = UUID.randomUUID().toString();
        // the customer exists already, so both transactions below want its row
        store.createHold(
                hold(
                        Instant.parse("2027-04-02T13:00:00Z"),
                        email,
                        UUID.randomUUID().toString()),
                LIMIT);
        // a booking that carried the hold's key more than a lifetime ago: the hold frees the key on its row
        UUID oldBooking = new BookingStore(
                        jdbc,
                        database.tx,
                        new AuditTrail(jdbc),
                        Clock.fixed(NOW.minus(BookingStore.KEY_LIFETIME).minusSeconds(60), ZoneOffset.UTC))
                .createHold(hold(Instant.parse("2027-04-02T15:00:00Z"), "earlier@example.com", key), LIMIT)
                .booking()
                .id();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = connection();
                Connection third = connection()) {
            other.setAutoCommit(false);
            third.setAutoCommit(false);
            try (Statement settings = other.createStatement()) {
                // the hold's transaction closes the cycle below, so it is the one that finds the deadlock (after
                // PostgreSQL's default second) and is aborted; this one would look only after ten minutes
                settings.execute("SET deadlock_timeout = '10min'");
            }
            // another transaction holds the slot (its booking not yet committed), a third the old booking's row
            insertUncommittedBooking(other, start);
            try (Statement lock = third.createStatement()) {
                lock.executeQuery("SELECT id FROM bookings WHERE id = '" + oldBooking + "' FOR UPDATE")
                        .close();
            }
            Future<HoldResult> holding = pool.submit(() -> store.createHold(hold(start, email, key), LIMIT));
            // the hold locked the customer's row and waits for the old booking's ...
            awaitWaitingForALock(1);
            // ... the other transaction now waits for the customer's row ...
            CompletableFuture<Void> otherWaits = CompletableFuture.runAsync(() -> lockCustomer(other, email));
            awaitWaitingForALock(2);
            // ... and once the old booking is free the hold waits for the other's booking: each waits for the other
            third.commit();
            otherWaits.get(60, TimeUnit.SECONDS);
            // the hold lost the deadlock (the other transaction got the customer's row); the other gives up
            other.rollback();

            HoldResult placed = holding.get(60, TimeUnit.SECONDS);

            assertThat(placed.created()).isTrue();
            assertThat(placed.booking().startUtc()).isEqualTo(start);
            assertThat(placed.booking().idempotencyKey()).isEqualTo(key);
            assertThat(count("SELECT count(*) FROM bookings WHERE start_at_utc = ?", Timestamp.from(start)))
                    .isEqualTo(1);
            assertThat(count(
                            "SELECT count(*) FROM tracking_events WHERE booking_id = ? AND type = 'hold_created'",
                            placed.booking().id()))
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHoldThatLosesEveryDeadlockGivesUpAfterFiveTriesAndWritesNothing() {
        long before = tries();
        int bookings = count("SELECT count(*) FROM bookings");

        assertThatThrownBy(() -> store.createHold(hold(ALWAYS_DEADLOCKED, "unlucky@example.com"), LIMIT))
                .isInstanceOf(PessimisticLockingFailureException.class);

        assertThat(tries() - before).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM bookings")).isEqualTo(bookings);
        assertThat(count("SELECT count(*) FROM customers WHERE email = 'unlucky@example.com'"))
                .isZero();
    }

    @Test
    void anInterruptedHoldGivesUpAfterItsFirstDeadlockAndKeepsItsInterrupt() throws Exception {
        long before = tries();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            // the thread is asked to stop (e.g. its request timed out) before the hold's pause between tries
            Thread.currentThread().interrupt();
            try {
                store.createHold(hold(ALWAYS_DEADLOCKED, "interrupted@example.com"), LIMIT);
            } catch (Throwable e) {
                failure.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        caller.join(60_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(PessimisticLockingFailureException.class);
        assertThat(tries() - before).isEqualTo(1);
        assertThat(stillInterrupted).isTrue();
    }

    private static NewHold hold(Instant start, String email) {
        return hold(start, email, UUID.randomUUID().toString());
    }

    private static NewHold hold(Instant start, String email, String key) {
        return StoreTestDatabase.newHold(ANNA, start, email, key, NOW);
    }

    /** A booking of Anna's at {@code start}, by a customer of its own, in {@code other}'s open transaction. */
    private static void insertUncommittedBooking(Connection other, Instant start) throws Exception {
        UUID customer = UUID.randomUUID();
        try (PreparedStatement insert = other.prepareStatement(
                "INSERT INTO customers (id, tenant_id, name, email) VALUES (?, ?, 'Other', ?)")) {
            insert.setObject(1, customer);
            insert.setObject(2, ACME);
            insert.setString(3, customer + "@example.com");
            insert.executeUpdate();
        }
        try (PreparedStatement insert = other.prepareStatement("""
                INSERT INTO bookings (id, tenant_id, salesperson_id, customer_id, start_at_utc, end_at_utc, status,
                                      idempotency_key, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'hold', ?, ?, ?)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, ACME);
            insert.setObject(3, ANNA);
            insert.setObject(4, customer);
            insert.setTimestamp(5, Timestamp.from(start));
            insert.setTimestamp(6, Timestamp.from(start.plus(Duration.ofMinutes(30))));
            insert.setString(7, UUID.randomUUID().toString());
            insert.setTimestamp(8, Timestamp.from(NOW));
            insert.setTimestamp(9, Timestamp.from(NOW));
            insert.executeUpdate();
        }
    }

    private static void lockCustomer(Connection other, String email) {
        try (PreparedStatement lock = other.prepareStatement(
                "SELECT id FROM customers WHERE tenant_id = ? AND lower(email) = lower(?) FOR UPDATE")) {
            lock.setObject(1, ACME);
            lock.setString(2, email);
            lock.executeQuery().close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWaitingForALock(int transactions) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count("""
                                SELECT count(*) FROM pg_stat_activity
                                 WHERE datname = current_database() AND wait_event_type = 'Lock'""") == transactions);
    }

    private static long tries() {
        return jdbc.sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM deadlocked_tries")
                .query(Long.class)
                .single();
    }

    private static Connection connection() throws Exception {
        return database.newConnection();
    }

    private static int count(String sql, Object... params) {
        return database.count(sql, params);
    }
}
