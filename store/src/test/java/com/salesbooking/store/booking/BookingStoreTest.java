package com.salesbooking.store.booking;

import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.store.booking.BookingStore.HoldResult;
import com.salesbooking.store.booking.BookingStore.NewHold;
import com.salesbooking.store.meeting.MeetingStore;
import com.salesbooking.workflows.booking.BookingStatus;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hold rules the store owns, against a real PostgreSQL (a migrated copy with the local demo tenants): the
 * constraints decide "taken", the per-email limit counts under the customer row's lock, and a hold's rows,
 * tracking event and audit entry commit together or not at all.
 */
class BookingStoreTest {

    private static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    private static final UUID ANNA = UUID.fromString("a0000000-0000-4000-8000-000000000101");
    private static final UUID NICK = UUID.fromString("a0000000-0000-4000-8000-000000000102");
    private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    private static final int LIMIT = 3;

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static BookingStore store;
    private static TransactionTemplate tx;

    @BeforeAll
    static void database() {
        EmbeddedDatabase server = EmbeddedDatabase.shared();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.newDatabase());
        config.setUsername(server.username());
        config.setPassword(server.password());
        // the race below runs 16 inserts at once
        config.setMaximumPoolSize(16);
        dataSource = new HikariDataSource(config);
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        store = new BookingStore(jdbc, tx, new AuditTrail(jdbc), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void aHoldWritesTheBookingItsHoldRowTheCustomerAndItsTrackingAndAuditTogether() {
        Instant start = slot(1);

        HoldResult result = store.createHold(hold(start, "pat@example.com", key()), LIMIT);

        BookingRecord booking = result.booking();
        assertThat(result.created()).isTrue();
        assertThat(booking.status()).isEqualTo(BookingStatus.HOLD);
        assertThat(booking.startUtc()).isEqualTo(start);
        assertThat(booking.holdExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(count(
                        "SELECT count(*) FROM tracking_events WHERE booking_id = ? AND type = 'hold_created'",
                        booking.id()))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE target_id = ? AND action = 'booking.hold_created'",
                        booking.id().toString()))
                .isEqualTo(1);
    }

    @Test
    void aSecondHoldOnTheSameSlotIsAConflictAndWritesNothing() {
        Instant start = slot(2);
        store.createHold(hold(start, "first@example.com", key()), LIMIT);
        int bookings = count("SELECT count(*) FROM bookings");
        int customers = count("SELECT count(*) FROM customers");
        int audit = count("SELECT count(*) FROM audit_logs");

        assertThatThrownBy(() -> store.createHold(hold(start, "second@example.com", key()), LIMIT))
                .isInstanceOf(SlotConflictException.class);

        assertThat(count("SELECT count(*) FROM bookings")).isEqualTo(bookings);
        assertThat(count("SELECT count(*) FROM customers"))
                .as("the customer upsert rolled back too")
                .isEqualTo(customers);
        assertThat(count("SELECT count(*) FROM audit_logs")).isEqualTo(audit);
    }

    @Test
    void anOverlappingIntervalOfAnotherLengthIsAConflict() {
        Instant start = slot(3);
        store.createHold(hold(start, start.plus(Duration.ofHours(1)), "long@example.com", key()), LIMIT);

        assertThatThrownBy(() -> store.createHold(
                        hold(
                                start.plus(Duration.ofMinutes(30)),
                                start.plus(Duration.ofMinutes(60)),
                                "short@example.com",
                                key()),
                        LIMIT))
                .isInstanceOf(SlotConflictException.class);
    }

    @Test
    void expiredAndCanceledBookingsFreeTheirSlot() {
        Instant start = slot(4);
        UUID expired = store.createHold(hold(start, "gone@example.com", key()), LIMIT)
                .booking()
                .id();
        jdbc.sql("UPDATE bookings SET status = 'expired' WHERE id = ?")
                .param(expired)
                .update();

        UUID again = store.createHold(hold(start, "next@example.com", key()), LIMIT)
                .booking()
                .id();
        jdbc.sql("UPDATE bookings SET status = 'canceled', canceled_at = now() WHERE id = ?")
                .param(again)
                .update();

        assertThat(store.createHold(hold(start, "third@example.com", key()), LIMIT)
                        .created())
                .isTrue();
    }

    @Test
    void anEmailOverItsUnconfirmedLimitIsRefusedWhateverItsCaseAndNothingIsWritten() {
        for (int i = 0; i < LIMIT; i++) {
            store.createHold(hold(slot(10 + i), "limit@example.com", key()), LIMIT);
        }
        int bookings = count("SELECT count(*) FROM bookings");

        assertThatThrownBy(() -> store.createHold(hold(slot(20), "LIMIT@Example.com", key()), LIMIT))
                .isInstanceOf(TooManyUnconfirmedException.class);

        assertThat(count("SELECT count(*) FROM bookings")).isEqualTo(bookings);
        assertThat(store.unconfirmedForEmail(ACME, "Limit@example.COM")).isEqualTo(LIMIT);
        assertThat(count("SELECT count(*) FROM customers WHERE lower(email) = 'limit@example.com'"))
                .as("one customer per tenant and address, whatever its case")
                .isEqualTo(1);
    }

    @Test
    void aRepeatedKeyAnswersWithTheBookingItMadeInsteadOfASecondHold() {
        String key = key();
        UUID first = store.createHold(hold(slot(30), "repeat@example.com", key), LIMIT)
                .booking()
                .id();

        HoldResult again = store.createHold(hold(slot(30), "repeat@example.com", key), LIMIT);

        assertThat(again.created()).isFalse();
        assertThat(again.booking().id()).isEqualTo(first);
    }

    @Test
    void aRepeatedKeyWithAnyOtherRequestIsAConflictAndWritesNothing() {
        String key = key();
        Instant start = slot(31);
        NewHold first = hold(start, "same-request@example.com", key);
        UUID made = store.createHold(first, LIMIT).booking().id();
        int bookingsBefore =
                jdbc.sql("SELECT count(*) FROM bookings").query(Integer.class).single();

        // the same key with one field of the request changed: another request, never the first one's booking
        List<NewHold> others = List.of(
                new NewHold(
                        ACME,
                        NICK,
                        start,
                        first.endUtc(),
                        first.customerEmail(),
                        "Pat",
                        null,
                        key,
                        first.expiresAt(),
                        null),
                hold(slot(32), slot(32).plus(Duration.ofMinutes(30)), first.customerEmail(), key),
                hold(start.minus(Duration.ofMinutes(15)), first.endUtc(), first.customerEmail(), key),
                hold(start, start.plus(Duration.ofMinutes(45)), first.customerEmail(), key),
                hold(start, first.endUtc(), "someone-else@example.com", key),
                new NewHold(
                        ACME,
                        ANNA,
                        start,
                        first.endUtc(),
                        first.customerEmail(),
                        "Pat",
                        null,
                        key,
                        first.expiresAt(),
                        made));
        for (NewHold other : others) {
            assertThatThrownBy(() -> store.createHold(other, LIMIT))
                    .as("%s", other)
                    .isInstanceOf(IdempotencyKeyConflictException.class);
        }
        // an email differing only in case is the same customer: the same request
        assertThat(store.createHold(hold(start, "Same-Request@Example.com", key), LIMIT)
                        .booking()
                        .id())
                .isEqualTo(made);
        assertThat(jdbc.sql("SELECT count(*) FROM bookings")
                        .query(Integer.class)
                        .single())
                .isEqualTo(bookingsBefore);
    }

    @Test
    void sixteenConcurrentHoldsOnOneSlotPlaceExactlyOne() throws Exception {
        Instant start = slot(40);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> holds = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String email = "racer" + i + "@example.com";
                holds.add(() -> {
                    try {
                        return store.createHold(hold(start, email, key()), LIMIT)
                                .created();
                    } catch (SlotConflictException e) {
                        return false;
                    }
                });
            }
            int placed = 0;
            for (Future<Boolean> result : pool.invokeAll(holds)) {
                placed += result.get() ? 1 : 0;
            }
            assertThat(placed).isEqualTo(1);
            assertThat(count(
                            "SELECT count(*) FROM bookings WHERE start_at_utc = ? AND salesperson_id = ?",
                            java.sql.Timestamp.from(start),
                            ANNA))
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyABookingPendingVerificationIsConfirmed() {
        UUID booking = store.createHold(hold(slot(50), "confirm@example.com", key()), LIMIT)
                .booking()
                .id();

        assertThat(inTransaction(() -> store.markConfirmed(booking, "manage-1", NOW)))
                .as("a hold is not pending verification")
                .isFalse();
        assertThat(store.find(booking).orElseThrow().status()).isEqualTo(BookingStatus.HOLD);

        inTransaction(() -> {
            store.markPendingVerify(booking, "verify-1", NOW.plus(Duration.ofMinutes(10)), NOW);
            return null;
        });
        BookingRecord pending = store.find(booking).orElseThrow();
        assertThat(pending.status()).isEqualTo(BookingStatus.PENDING_VERIFY);
        assertThat(pending.verifyTokenJti()).isEqualTo("verify-1");
        assertThat(pending.verifyEmailsSent()).isEqualTo(1);

        assertThat(inTransaction(() -> store.markConfirmed(booking, "manage-1", NOW)))
                .isTrue();
        BookingRecord confirmed = store.find(booking).orElseThrow();
        assertThat(confirmed.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(confirmed.verifyTokenJti())
                .as("the verification link is spent")
                .isNull();
        assertThat(confirmed.manageTokenJti()).isEqualTo("manage-1");
        assertThat(inTransaction(() -> store.markConfirmed(booking, "manage-2", NOW)))
                .isFalse();
        assertThat(store.find(booking).orElseThrow().manageTokenJti()).isEqualTo("manage-1");
    }

    @Test
    void aMoveOntoAnotherActiveBookingIsRefusedByTheConstraints() {
        UUID moving = store.createHold(hold(slot(60), "mover@example.com", key()), LIMIT)
                .booking()
                .id();
        store.createHold(hold(slot(61), "staying@example.com", key()), LIMIT);

        assertThatThrownBy(() -> inTransaction(() -> {
                    store.move(moving, slot(61), slot(61).plus(Duration.ofMinutes(30)), NOW);
                    return null;
                }))
                .isInstanceOf(DataIntegrityViolationException.class)
                .satisfies(e -> assertThat(BookingStore.constraint(e)).isNotNull());
        assertThat(store.find(moving).orElseThrow().startUtc()).isEqualTo(slot(60));
    }

    @Test
    void theSweeperGetsExpiredUnconfirmedHoldsAndHoldsOldEnoughToLackTheirWorkflow() {
        UUID hold = store.createHold(hold(slot(70), "sweep1@example.com", key()), LIMIT)
                .booking()
                .id();
        UUID pending = store.createHold(hold(slot(71), "sweep2@example.com", key()), LIMIT)
                .booking()
                .id();
        inTransaction(() -> {
            store.markPendingVerify(pending, "verify-2", NOW.plus(Duration.ofMinutes(10)), NOW);
            return null;
        });
        Instant beforeExpiry = NOW.plus(Duration.ofMinutes(5));
        Instant afterExpiry = NOW.plus(Duration.ofMinutes(11));

        assertThat(store.holdsToSweep(beforeExpiry, NOW, 1000))
                .as("neither expired nor created before the start grace")
                .doesNotContain(hold, pending);
        assertThat(store.holdsToSweep(beforeExpiry, NOW.plusSeconds(1), 1000))
                .as("a pending verification had its workflow; a hold that old may not")
                .contains(hold)
                .doesNotContain(pending);
        assertThat(store.holdsToSweep(afterExpiry, NOW, 1000)).contains(hold, pending);

        inTransaction(() -> {
            store.markExpired(pending, afterExpiry);
            return null;
        });
        assertThat(store.find(pending).orElseThrow().verifyTokenJti()).isNull();
        assertThat(store.holdsToSweep(afterExpiry, NOW, 1000)).doesNotContain(pending);
    }

    @Test
    void aRepeatOfTheHoldThatFilledTheEmailsLimitGetsItsBookingNotARefusal() {
        String lastKey = key();
        for (int i = 0; i < LIMIT - 1; i++) {
            store.createHold(hold(slot(80 + i), "filled@example.com", key()), LIMIT);
        }
        UUID last = store.createHold(hold(slot(85), "filled@example.com", lastKey), LIMIT)
                .booking()
                .id();

        HoldResult again = store.createHold(hold(slot(85), "filled@example.com", lastKey), LIMIT);

        assertThat(again.created()).isFalse();
        assertThat(again.booking().id()).isEqualTo(last);
    }

    /** HoldTransactionTest shows a key a minute older than its lifetime freed and one a minute younger kept. */
    @Test
    void aKeyExactlyItsLifetimeOldStillBelongsToItsBooking() {
        String key = key();
        storeAt(NOW.minus(BookingStore.KEY_LIFETIME)).createHold(hold(slot(92), "aged@example.com", key), LIMIT);

        assertThatThrownBy(() -> store.createHold(hold(slot(93), "aged@example.com", key), LIMIT))
                .isInstanceOf(IdempotencyKeyConflictException.class);
    }

    @Test
    void aBookingOfTheKeyThatAppearedAfterTheLookUpAnswersThisRequestOrIsAKeyConflict() {
        String key = key();
        NewHold request = hold(slot(94), "concurrent@example.com", key);
        // a concurrent run of this request committed its booking after this run found none
        UUID made = store.createHold(request, LIMIT).booking().id();
        int bookings = count("SELECT count(*) FROM bookings");

        HoldResult same = store.createHoldOfNewRequest(request, LIMIT);
        assertThat(same.created()).isFalse();
        assertThat(same.booking().id()).isEqualTo(made);

        assertThatThrownBy(() -> store.createHoldOfNewRequest(hold(slot(95), "concurrent@example.com", key), LIMIT))
                .isInstanceOf(IdempotencyKeyConflictException.class);
        assertThat(count("SELECT count(*) FROM bookings")).isEqualTo(bookings);
    }

    @Test
    void aHoldForASalespersonThatDoesNotExistIsNoSlotConflictAndWritesNothing() {
        int bookings = count("SELECT count(*) FROM bookings");
        NewHold unknown = new NewHold(
                ACME,
                UUID.randomUUID(),
                slot(96),
                slot(96).plus(Duration.ofMinutes(30)),
                "nobody@example.com",
                "Pat",
                null,
                key(),
                NOW.plus(Duration.ofMinutes(10)),
                null);

        assertThatThrownBy(() -> store.createHold(unknown, LIMIT))
                .isInstanceOf(DataIntegrityViolationException.class)
                .isNotInstanceOf(SlotConflictException.class)
                .satisfies(e -> assertThat(BookingStore.constraint(e)).isEqualTo("bookings_salesperson_fk"));
        assertThat(count("SELECT count(*) FROM bookings")).isEqualTo(bookings);
    }

    @Test
    void aReschedulingHoldRecordsTheBookingItReplaces() {
        UUID original = store.createHold(hold(slot(97), "moving@example.com", key()), LIMIT)
                .booking()
                .id();
        NewHold next = new NewHold(
                ACME,
                ANNA,
                slot(98),
                slot(98).plus(Duration.ofMinutes(30)),
                "moving@example.com",
                "Pat",
                null,
                key(),
                NOW.plus(Duration.ofMinutes(10)),
                original);

        BookingRecord rescheduled = store.createHold(next, LIMIT).booking();

        assertThat(rescheduled.rescheduledFromBookingId()).isEqualTo(original);
        assertThat(holdCreatedMeta(rescheduled.id(), "rescheduled_from")).isEqualTo(original.toString());
        assertThat(holdCreatedMeta(original, "rescheduled_from")).isNull();
        assertThat(holdCreatedMeta(original, "status")).isEqualTo("hold");
    }

    @Test
    void aBookingIsFoundLockedForTheRestOfTheCallersTransaction() throws Exception {
        UUID booking = store.createHold(hold(slot(99), "locked@example.com", key()), LIMIT)
                .booking()
                .id();

        inTransaction(() -> {
            BookingRecord locked = store.findForUpdate(booking).orElseThrow();
            assertThat(locked.id()).isEqualTo(booking);
            assertThat(locked.holdExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
            // another transaction cannot lock the row meanwhile
            assertThatThrownBy(() ->
                            inOtherConnection("SELECT id FROM bookings WHERE id = '" + booking + "' FOR UPDATE NOWAIT"))
                    .hasMessageContaining("could not obtain lock");
            return null;
        });
        inOtherConnection("SELECT id FROM bookings WHERE id = '" + booking + "' FOR UPDATE NOWAIT");
        assertThat(inTransaction(() -> store.findForUpdate(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void aBookingIsFoundForItsOwnTenantOnly() {
        UUID booking = store.createHold(hold(slot(100), "tenant@example.com", key()), LIMIT)
                .booking()
                .id();
        UUID globex = UUID.fromString("b0000000-0000-4000-8000-000000000001");

        assertThat(store.find(ACME, booking))
                .hasValueSatisfying(b -> assertThat(b.id()).isEqualTo(booking));
        assertThat(store.find(globex, booking)).isEmpty();
    }

    @Test
    void theJoinUrlIsTheBookingsMeetingsIfItHasOne() {
        UUID booking = store.createHold(hold(slot(101), "meeting@example.com", key()), LIMIT)
                .booking()
                .id();
        assertThat(store.joinUrl(booking)).isEmpty();

        new MeetingStore(jdbc).saveZoomMeeting(booking, "zoom-1", "https://zoom.example/j/1", null, NOW);

        assertThat(store.joinUrl(booking)).hasValue("https://zoom.example/j/1");
    }

    @Test
    void aFailureThatIsNotPostgresqlsNamesNoConstraint() {
        assertThat(BookingStore.constraint(new DataIntegrityViolationException("not from the database")))
                .isNull();
        assertThat(BookingStore.constraint(new DataIntegrityViolationException(
                        "connection lost", new PSQLException("gone", PSQLState.CONNECTION_FAILURE))))
                .as("a PostgreSQL driver error without the server's message")
                .isNull();
    }

    /** A distinct hour per test, so tests of this class never share a slot. */
    private static Instant slot(int hourOffset) {
        return Instant.parse("2027-03-08T00:00:00Z").plus(Duration.ofHours(hourOffset));
    }

    private static NewHold hold(Instant start, String email, String key) {
        return hold(start, start.plus(Duration.ofMinutes(30)), email, key);
    }

    private static NewHold hold(Instant start, Instant end, String email, String key) {
        return new NewHold(ACME, ANNA, start, end, email, "Pat", null, key, NOW.plus(Duration.ofMinutes(10)), null);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    /** The transitions run inside the caller's transaction, as the activities run them. */
    private static <T> T inTransaction(Callable<T> work) {
        return tx.execute(s -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static BookingStore storeAt(Instant now) {
        return new BookingStore(jdbc, tx, new AuditTrail(jdbc), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A field of the hold_created tracking event's meta. */
    private static String holdCreatedMeta(UUID bookingId, String field) {
        List<String> values = jdbc.sql(
                        "SELECT meta_json ->> ? FROM tracking_events WHERE booking_id = ? AND type = 'hold_created'")
                .params(field, bookingId)
                .query((rs, row) -> rs.getString(1))
                .list();
        assertThat(values).as("one hold_created event").hasSize(1);
        return values.get(0);
    }

    /** A statement in a connection of its own (outside any transaction of the test's thread). */
    private static void inOtherConnection(String sql) throws SQLException {
        try (Connection other = DriverManager.getConnection(
                        dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
                Statement statement = other.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }
}
