package com.salesbooking.store.booking;

import com.salesbooking.store.StoreTestDatabase;
import com.salesbooking.store.booking.BookingStore.HoldResult;
import com.salesbooking.store.booking.BookingStore.NewHold;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hold's transaction as three statements (free a stale key and upsert the customer; count and insert booking and
 * hold; tracking and audit): what the folding into fewer round trips must keep, against a real PostgreSQL.
 */
class HoldTransactionTest {

    private static final UUID ACME = StoreTestDatabase.ACME;
    private static final UUID ANNA = StoreTestDatabase.ANNA;
    private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    private static final int LIMIT = 3;

    private static final MovableClock clock = new MovableClock();
    private static StoreTestDatabase database;
    private static JdbcClient jdbc;
    private static BookingStore store;

    @BeforeAll
    static void database() {
        database = new StoreTestDatabase();
        jdbc = database.jdbc;
        store = new BookingStore(jdbc, database.tx, new AuditTrail(jdbc), clock);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theBookingAHoldAnswersWithIsTheRowAsStored() {
        NewHold hold = hold(slot(1), "stored@example.com", key());

        BookingRecord answered = store.createHold(hold, LIMIT).booking();

        assertThat(answered).isEqualTo(store.find(answered.id()).orElseThrow());
        assertThat(answered.holdExpiresAt()).isEqualTo(hold.expiresAt());
        assertThat(answered.customerId()).isNotNull();
        assertThat(count(
                        "SELECT count(*) FROM tracking_events WHERE booking_id = ? AND type = 'hold_created'",
                        answered.id()))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE target_id = ? AND action = 'booking.hold_created'",
                        answered.id().toString()))
                .isEqualTo(1);
    }

    @Test
    void concurrentHoldsOfOneEmailNeverGoPastItsUnconfirmedLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            // twelve holds at once on the pool's connections: several transactions wait on the customer row together
            List<Callable<Boolean>> holds = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // one address in several spellings, each hold on a slot of its own
                String email = i % 2 == 0 ? "busy@example.com" : "BUSY@Example.com";
                NewHold hold = hold(slot(10 + 2 * i), email, key());
                holds.add(() -> {
                    try {
                        return store.createHold(hold, LIMIT).created();
                    } catch (TooManyUnconfirmedException e) {
                        return false;
                    }
                });
            }
            int placed = 0;
            for (Future<Boolean> result : pool.invokeAll(holds)) {
                placed += result.get() ? 1 : 0;
            }

            assertThat(placed).isEqualTo(LIMIT);
            assertThat(store.unconfirmedForEmail(ACME, "busy@example.com")).isEqualTo(LIMIT);
            assertThat(count("SELECT count(*) FROM holds h JOIN bookings b ON b.id = h.booking_id"
                            + " JOIN customers c ON c.id = b.customer_id WHERE lower(c.email) = 'busy@example.com'"))
                    .as("a hold row for each booking placed, none for the refused")
                    .isEqualTo(LIMIT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyOlderThanItsLifetimeIsFreedAndTheOldBookingKeepsEverythingElse() {
        String key = key();
        BookingRecord old =
                store.createHold(hold(slot(40), "old@example.com", key), LIMIT).booking();
        clock.advance(BookingStore.KEY_LIFETIME.plusMinutes(1));
        try {
            HoldResult reused = store.createHold(hold(slot(42), "new@example.com", key), LIMIT);

            assertThat(reused.created()).isTrue();
            assertThat(reused.booking().id()).isNotEqualTo(old.id());
            assertThat(reused.booking().idempotencyKey()).isEqualTo(key);
            BookingRecord after = store.find(old.id()).orElseThrow();
            assertThat(after.idempotencyKey()).isNull();
            assertThat(after.startUtc()).isEqualTo(old.startUtc());
            assertThat(after.customerId()).isEqualTo(old.customerId());
        } finally {
            clock.reset();
        }
    }

    @Test
    void aKeyWithinItsLifetimeStaysWithItsBooking() {
        String key = key();
        BookingRecord first = store.createHold(hold(slot(50), "young@example.com", key), LIMIT)
                .booking();
        clock.advance(BookingStore.KEY_LIFETIME.minusMinutes(1));
        try {
            HoldResult again = store.createHold(hold(slot(50), "young@example.com", key), LIMIT);

            assertThat(again.created()).isFalse();
            assertThat(again.booking().id()).isEqualTo(first.id());
            assertThat(store.find(first.id()).orElseThrow().idempotencyKey()).isEqualTo(key);
        } finally {
            clock.reset();
        }
    }

    @Test
    void anExpiredHoldOfTheSameRequestIsFoundThroughTheKeyWhenItsSlotIsFreeAgain() {
        // the api asks the store for an earlier run's booking only when the slot is refused; an earlier run's hold
        // that expired frees its slot, so the insert meets it as the key's unique constraint
        String key = key();
        NewHold hold = hold(slot(60), "again@example.com", key);
        BookingRecord first = store.createHold(hold, LIMIT).booking();
        jdbc.sql("UPDATE bookings SET status = 'expired' WHERE id = ?")
                .param(first.id())
                .update();
        int bookings = count("SELECT count(*) FROM bookings");

        HoldResult again = store.createHoldOfNewRequest(hold, LIMIT);

        assertThat(again.created()).isFalse();
        assertThat(again.booking().id()).isEqualTo(first.id());
        assertThat(count("SELECT count(*) FROM bookings")).isEqualTo(bookings);
    }

    private static Instant slot(int hourOffset) {
        return Instant.parse("2027-04-05T00:00:00Z").plus(Duration.ofHours(hourOffset));
    }

    private static NewHold hold(Instant start, String email, String key) {
        return StoreTestDatabase.newHold(ANNA, start, email, key, NOW);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static int count(String sql, Object... params) {
        return database.count(sql, params);
    }

    /** A fixed instant that a test moves forward and puts back. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = NOW;

        void advance(Duration by) {
            now = now.plus(by);
        }

        void reset() {
            now = NOW;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
