package com.salesbooking.store.booking;

import com.salesbooking.workflows.booking.BookingStatus;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Bookings in PostgreSQL: the api's writes (the hold) and reads. The constraints decide double booking:
 * this class never pre-checks a slot, it turns a constraint violation into {@link SlotConflictException}.
 */
@Repository
public class BookingStore {

    static final String SELECT = """
            SELECT b.*, h.expires_at_utc AS hold_expires_at
              FROM bookings b LEFT JOIN holds h ON h.booking_id = b.id
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;

    public BookingStore(JdbcClient jdbc, TransactionTemplate tx, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * How long an Idempotency-Key belongs to the booking it made: as long as the api remembers the key (24 h,
     * {@code idempotency_keys.expires_at}). After that the key is free again, and a request that reuses it must
     * never get, or change, the booking an earlier request made with it.
     */
    public static final Duration KEY_LIFETIME = Duration.ofHours(24);

    /**
     * A new hold: customer upserted by (tenant, lower(email)), booking (status hold) and holds row, tracking and
     * audit, in one transaction.
     *
     * @param maxUnconfirmed abuse limit: unconfirmed bookings one email may hold in the tenant
     * @return the new booking, or the one this same request (same key, same slot, same customer, same rescheduled
     *         booking, within {@link #KEY_LIFETIME}) made before
     * @throws SlotConflictException          the slot (or an overlapping interval) is actively booked
     * @throws TooManyUnconfirmedException    the email is over the limit
     * @throws IdempotencyKeyConflictException a booking made by another request still owns the key
     */
    public HoldResult createHold(NewHold hold, int maxUnconfirmed) {
        Optional<BookingRecord> existing = bookingOfRequest(hold);
        if (existing.isPresent()) {
            return new HoldResult(existing.get(), false);
        }
        return createHoldOfNewRequest(hold, maxUnconfirmed);
    }

    /**
     * {@link #createHold} for a caller that has just asked {@link #bookingOfRequest} and found no booking of this
     * request: the insert without that look-up again. A booking of the same key that appears in between (a concurrent
     * run of the request) is still found, through the key's unique constraint.
     */
    public HoldResult createHoldOfNewRequest(NewHold hold, int maxUnconfirmed) {
        try {
            BookingRecord created = insertHoldRetryingDeadlocks(hold, maxUnconfirmed);
            return new HoldResult(created, true);
        } catch (DataIntegrityViolationException e) {
            String constraint = constraint(e);
            if ("bookings_tenant_idempotency_key_uq".equals(constraint)) {
                // a concurrent request with the same key won: answer with its booking if it is this request's
                return new HoldResult(bookingOfRequest(hold).orElseThrow(IdempotencyKeyConflictException::new), false);
            }
            if ("bookings_active_slot_uq".equals(constraint) || "bookings_no_overlap_ex".equals(constraint)) {
                throw new SlotConflictException(constraint);
            }
            throw e;
        }
    }

    /**
     * The booking an earlier run of this very request made (its api died or Temporal failed after the commit): the
     * key within its lifetime, the same salesperson, times, customer email and rescheduled booking.
     *
     * @throws IdempotencyKeyConflictException the key is young but belongs to another request's booking
     */
    public Optional<BookingRecord> bookingOfRequest(NewHold hold) {
        Optional<BookingRecord> keyed = findByIdempotencyKey(hold.tenantId(), hold.idempotencyKey())
                .filter(b -> !b.createdAt().isBefore(clock.instant().minus(KEY_LIFETIME)));
        if (keyed.isEmpty()) {
            return Optional.empty();
        }
        BookingRecord b = keyed.get();
        String email = jdbc.sql("SELECT email FROM customers WHERE id = ?")
                .param(b.customerId())
                .query(String.class)
                .single();
        boolean same = b.salespersonId().equals(hold.salespersonId())
                && b.startUtc().equals(hold.startUtc())
                && b.endUtc().equals(hold.endUtc())
                && email.equalsIgnoreCase(hold.customerEmail())
                && java.util.Objects.equals(b.rescheduledFromBookingId(), hold.rescheduledFrom());
        if (!same) {
            throw new IdempotencyKeyConflictException();
        }
        return keyed;
    }

    /**
     * Concurrent inserts checked by the GiST exclusion constraint can deadlock each other (PostgreSQL then aborts
     * one of them); the aborted one is simply tried again, and then meets the winner's row as a constraint
     * violation (409) or, if the winner rolled back, succeeds. Five tries with a short random pause is far more
     * than a 200-way race on one slot needs.
     */
    private BookingRecord insertHoldRetryingDeadlocks(NewHold hold, int maxUnconfirmed) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> insertHold(hold, maxUnconfirmed));
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep(
                            java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 25L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * The hold's transaction in three statements (it took eight): each statement is a round trip the api waits for
     * while the customer row is locked, so fewer statements mean shorter locks and less api CPU per hold.
     */
    private BookingRecord insertHold(NewHold hold, int maxUnconfirmed) {
        Instant now = clock.instant();
        // A key older than its lifetime is freed (the booking that carried it keeps everything but the key), then the
        // customer is upserted by (tenant, lower(email)). The upsert locks the customer row until the commit, so
        // concurrent holds of one email are counted one after the other by the next statement, which takes its
        // snapshot after this lock was granted.
        UUID customerId = jdbc.sql("""
                        WITH freed_key AS (
                            UPDATE bookings SET idempotency_key = NULL
                             WHERE tenant_id = ? AND idempotency_key = ? AND created_at < ?)
                        INSERT INTO customers (id, tenant_id, name, email, company) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (tenant_id, lower(email)) DO UPDATE
                           SET name = COALESCE(EXCLUDED.name, customers.name),
                               company = COALESCE(EXCLUDED.company, customers.company)
                        RETURNING id""")
                .params(
                        hold.tenantId(),
                        hold.idempotencyKey(),
                        Timestamp.from(now.minus(KEY_LIFETIME)),
                        UUID.randomUUID(),
                        hold.tenantId(),
                        hold.customerName(),
                        hold.customerEmail(),
                        hold.customerCompany())
                .query(UUID.class)
                .single();
        // The booking and its hold row, only while the email holds fewer than maxUnconfirmed unconfirmed bookings: no
        // row back means over the limit. The constraints still decide the slot (a violation aborts the statement).
        Optional<BookingRecord> created = jdbc.sql("""
                        WITH unconfirmed AS (
                            SELECT count(*) AS held FROM bookings
                             WHERE tenant_id = ? AND customer_id = ? AND status IN ('hold', 'pending_verify')),
                        new_booking AS (
                            INSERT INTO bookings (id, tenant_id, salesperson_id, customer_id, start_at_utc, end_at_utc,
                                                  status, idempotency_key, rescheduled_from_booking_id, created_at,
                                                  updated_at)
                            SELECT ?, ?, ?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz), 'hold', CAST(? AS text),
                                   CAST(? AS uuid), CAST(? AS timestamptz), CAST(? AS timestamptz)
                              FROM unconfirmed WHERE held < ?
                            RETURNING *),
                        new_hold AS (
                            INSERT INTO holds (booking_id, expires_at_utc)
                            SELECT id, CAST(? AS timestamptz) FROM new_booking
                            RETURNING expires_at_utc)
                        SELECT new_booking.*, new_hold.expires_at_utc AS hold_expires_at FROM new_booking, new_hold""")
                .params(
                        hold.tenantId(),
                        customerId,
                        UUID.randomUUID(),
                        hold.tenantId(),
                        hold.salespersonId(),
                        customerId,
                        Timestamp.from(hold.startUtc()),
                        Timestamp.from(hold.endUtc()),
                        hold.idempotencyKey(),
                        hold.rescheduledFrom(),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        maxUnconfirmed,
                        Timestamp.from(hold.expiresAt()))
                .query(BookingStore::map)
                .optional();
        if (created.isEmpty()) {
            throw new TooManyUnconfirmedException();
        }
        BookingRecord booking = created.get();
        audit.record(
                hold.tenantId(),
                booking.id(),
                "hold_created",
                "customer",
                customerId.toString(),
                now,
                hold.rescheduledFrom() == null
                        ? Map.of("status", "hold")
                        : Map.of(
                                "status",
                                "hold",
                                "rescheduled_from",
                                hold.rescheduledFrom().toString()));
        return booking;
    }

    public Optional<BookingRecord> find(UUID bookingId) {
        return jdbc.sql(SELECT + " WHERE b.id = ?")
                .param(bookingId)
                .query(BookingStore::map)
                .optional();
    }

    /**
     * The booking row locked for the rest of the caller's transaction (one round trip: the row and its hold), so
     * that a transition's re-check and its write see the same state.
     */
    public Optional<BookingRecord> findForUpdate(UUID bookingId) {
        return jdbc.sql(SELECT + " WHERE b.id = ? FOR UPDATE OF b")
                .param(bookingId)
                .query(BookingStore::map)
                .optional();
    }

    /** A booking of this tenant; another tenant's booking does not exist here. */
    public Optional<BookingRecord> find(UUID tenantId, UUID bookingId) {
        return jdbc.sql(SELECT + " WHERE b.id = ? AND b.tenant_id = ?")
                .params(bookingId, tenantId)
                .query(BookingStore::map)
                .optional();
    }

    public Optional<BookingRecord> findByIdempotencyKey(UUID tenantId, String key) {
        return jdbc.sql(SELECT + " WHERE b.tenant_id = ? AND b.idempotency_key = ?")
                .params(tenantId, key)
                .query(BookingStore::map)
                .optional();
    }

    // The transitions below are the workflow's writes: each is called inside the caller's transaction, after the
    // caller locked the row with findForUpdate and re-checked its status, next to the AuditTrail record of the same
    // transition (both commit together).

    /** A hold or pending verification ran out: the verification link dies with it. */
    public void markExpired(UUID bookingId, Instant now) {
        jdbc.sql("UPDATE bookings SET status = 'expired', verify_token_jti = NULL, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(now), bookingId)
                .update();
    }

    /** A hold whose customer asked for the magic link: it now waits for the token with this jti (one email sent). */
    public void markPendingVerify(UUID bookingId, String verifyTokenJti, Instant tokenExpiresAt, Instant now) {
        jdbc.sql("""
                        UPDATE bookings SET status = 'pending_verify', verify_token_jti = ?, verify_token_expires_at = ?,
                               verify_emails_sent = verify_emails_sent + 1, updated_at = ?
                         WHERE id = ?""")
                .params(verifyTokenJti, Timestamp.from(tokenExpiresAt), Timestamp.from(now), bookingId)
                .update();
    }

    /** One more verification email for a booking already pending verification (the limit counts them). */
    public void countVerificationEmail(UUID bookingId, Instant now) {
        jdbc.sql("UPDATE bookings SET verify_emails_sent = verify_emails_sent + 1, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(now), bookingId)
                .update();
    }

    /**
     * Concurrent confirms of one booking serialize on this lock until the caller's transaction ends (a transaction
     * level advisory lock on the booking id: it needs no row, and it is released by commit or rollback).
     */
    public void lockForConfirmation(UUID bookingId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))")
                .param(bookingId.toString())
                .query((rs, i) -> 0)
                .list();
    }

    /**
     * A pending verification becomes a confirmed booking: the verification token is spent, the manage token with
     * this jti is the customer's from now on. Guarded by the status: a booking no longer pending stays as it is.
     *
     * @return whether the booking was pending verification (and is now confirmed)
     */
    public boolean markConfirmed(UUID bookingId, String manageTokenJti, Instant now) {
        return jdbc.sql("""
                                UPDATE bookings SET status = 'confirmed', verify_token_jti = NULL, manage_token_jti = ?, updated_at = ?
                                 WHERE id = ? AND status = 'pending_verify'""")
                        .params(manageTokenJti, Timestamp.from(now), bookingId)
                        .update()
                == 1;
    }

    /** A confirmed booking canceled by {@code canceledBy} (customer, salesperson, admin or system); its manage link dies. */
    public void markCanceled(UUID bookingId, String reason, String canceledBy, Instant now) {
        jdbc.sql("""
                        UPDATE bookings SET status = 'canceled', canceled_at = ?, cancel_reason = ?, canceled_by = ?,
                               manage_token_jti = NULL, updated_at = ?
                         WHERE id = ?""")
                .params(Timestamp.from(now), reason, canceledBy, Timestamp.from(now), bookingId)
                .update();
    }

    /**
     * The booking's new interval (the salesperson moved its event). The constraints decide whether it is free: a
     * collision with another active booking throws {@link DataIntegrityViolationException} (see {@link #constraint}).
     */
    public void move(UUID bookingId, Instant newStartUtc, Instant newEndUtc, Instant now) {
        jdbc.sql("UPDATE bookings SET start_at_utc = ?, end_at_utc = ?, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(newStartUtc), Timestamp.from(newEndUtc), Timestamp.from(now), bookingId)
                .update();
    }

    /**
     * Holds the sweeper hands (back) to their workflows, the earliest expiry first: those whose hold ran out before
     * {@code expiredBefore} while still unconfirmed, and those still in status hold created before
     * {@code createdBefore} (their workflow may never have started).
     */
    public List<UUID> holdsToSweep(Instant expiredBefore, Instant createdBefore, int limit) {
        return jdbc.sql("""
                        SELECT b.id FROM bookings b JOIN holds h ON h.booking_id = b.id
                         WHERE (b.status IN ('hold', 'pending_verify') AND h.expires_at_utc < ?)
                            OR (b.status = 'hold' AND b.created_at < ?)
                         ORDER BY h.expires_at_utc LIMIT ?""")
                .params(Timestamp.from(expiredBefore), Timestamp.from(createdBefore), limit)
                .query(UUID.class)
                .list();
    }

    /** How many unconfirmed bookings the email holds in the tenant (for a 429 before anything is written). */
    public int unconfirmedForEmail(UUID tenantId, String email) {
        return jdbc.sql("""
                        SELECT count(*) FROM bookings b JOIN customers c ON c.id = b.customer_id
                         WHERE b.tenant_id = ? AND lower(c.email) = lower(?) AND b.status IN ('hold', 'pending_verify')""").params(tenantId, email).query(Integer.class).single();
    }

    /** The join URL of a booking's meeting, if it has one. */
    public Optional<String> joinUrl(UUID bookingId) {
        return jdbc.sql("SELECT join_url FROM meetings WHERE booking_id = ?")
                .param(bookingId)
                .query(String.class)
                .optional();
    }

    static BookingRecord map(ResultSet rs, int row) throws SQLException {
        return new BookingRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("salesperson_id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                instant(rs, "start_at_utc"),
                instant(rs, "end_at_utc"),
                BookingStatus.fromDb(rs.getString("status")),
                rs.getString("idempotency_key"),
                rs.getString("verify_token_jti"),
                instant(rs, "verify_token_expires_at"),
                rs.getInt("verify_emails_sent"),
                rs.getString("manage_token_jti"),
                rs.getObject("rescheduled_from_booking_id", UUID.class),
                rs.getString("cancel_reason"),
                instant(rs, "hold_expires_at"),
                instant(rs, "created_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    /** The violated constraint's name, from PostgreSQL's error. */
    public static String constraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql) {
                ServerErrorMessage message = psql.getServerErrorMessage();
                return message == null ? null : message.getConstraint();
            }
        }
        return null;
    }

    /**
     * What a hold is made of. The email, name and company stay in PostgreSQL; they never reach a workflow.
     */
    public record NewHold(
            UUID tenantId,
            UUID salespersonId,
            Instant startUtc,
            Instant endUtc,
            String customerEmail,
            String customerName,
            String customerCompany,
            String idempotencyKey,
            Instant expiresAt,
            UUID rescheduledFrom) {}

    /** @param created false when an earlier request with the same key already made it */
    public record HoldResult(BookingRecord booking, boolean created) {}
}
