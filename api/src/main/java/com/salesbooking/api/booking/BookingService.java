package com.salesbooking.api.booking;

import com.salesbooking.api.booking.BookingRequests.ValidHold;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.idempotency.IdempotencyService;
import com.salesbooking.api.idempotency.IdempotencyService.Result;
import com.salesbooking.api.tenant.PublicTenants;
import com.salesbooking.api.web.WireTimes;
import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.platform.token.TokenService;
import com.salesbooking.store.booking.BookingDetails;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.booking.IdempotencyKeyConflictException;
import com.salesbooking.store.booking.SlotConflictException;
import com.salesbooking.store.booking.TooManyUnconfirmedException;
import com.salesbooking.store.notification.ConfirmationEmails;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.workflows.booking.BookingState;
import com.salesbooking.workflows.booking.BookingStatus;
import com.salesbooking.workflows.booking.BookingWorkflow;
import com.salesbooking.workflows.booking.CancelRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The customer's booking journey. Everything that can be refused without writing is refused before the
 * idempotency key is claimed ("nothing written"); status changes after the hold go through the booking's
 * workflow; when that workflow has closed, answers come from the database.
 */
@Service
public class BookingService {

    private static final Logger log = LoggerFactory.getLogger(BookingService.class);

    private final PublicTenants tenants;
    private final TenantDirectory directory;
    private final BookingStore store;
    private final BookingDetails details;
    private final BookingWorkflows workflows;
    private final IdempotencyService idempotency;
    private final TokenService tokens;
    private final HoldSlotRules slotRules;
    private final BookingProperties properties;
    private final Clock clock;
    private final BookingMetrics metrics;
    private final ClientHoldLimiter clientHolds;
    private final ConfirmationEmails confirmationEmails;

    public BookingService(
            PublicTenants tenants,
            TenantDirectory directory,
            BookingStore store,
            BookingDetails details,
            BookingWorkflows workflows,
            IdempotencyService idempotency,
            TokenService tokens,
            HoldSlotRules slotRules,
            BookingProperties properties,
            Clock clock,
            BookingMetrics metrics,
            ClientHoldLimiter clientHolds,
            ConfirmationEmails confirmationEmails) {
        this.confirmationEmails = confirmationEmails;
        this.metrics = metrics;
        this.clientHolds = clientHolds;
        this.tenants = tenants;
        this.directory = directory;
        this.store = store;
        this.details = details;
        this.workflows = workflows;
        this.idempotency = idempotency;
        this.tokens = tokens;
        this.slotRules = slotRules;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Places a hold. The Idempotency-Key is claimed, or its stored answer found, in one round trip before anything
     * else; a refusal before the insert (an unknown salesperson, the client's hold limit) gives the key back, so
     * nothing is written. The email's limit of unconfirmed bookings is checked inside the insert's transaction
     * (under the customer row's lock), not by a separate count before it.
     *
     * @param clientAddress the caller's address, for the per-client limit
     */
    ResponseEntity<String> hold(Tenant tenant, ValidHold hold, String key, String clientAddress) {
        // reserved before the insert, released unless a new hold was placed: concurrent requests cannot overshoot
        AtomicReference<ClientHoldLimiter.Reservation> reservation = new AtomicReference<>();
        AtomicBoolean placed = new AtomicBoolean();
        try {
            return idempotency.execute(
                    tenant.id(),
                    key,
                    "holds",
                    hold,
                    () -> {
                        Salesperson salesperson = tenants.activeSalesperson(tenant, hold.salespersonId());
                        reservation.set(clientHolds.reserve(clientAddress));
                        return salesperson;
                    },
                    salesperson -> {
                        BookingRecord booking = placeHold(tenant, salesperson, hold, key, null, () -> placed.set(true));
                        return new Result(
                                HttpStatus.CREATED,
                                new BookingViews.HoldCreated(
                                        booking.id(),
                                        "hold",
                                        booking.startUtc().toString(),
                                        booking.endUtc().toString(),
                                        booking.holdExpiresAt().toString()));
                    });
        } finally {
            if (!placed.get() && reservation.get() != null) {
                reservation.get().release();
            }
        }
    }

    /**
     * Inserts the hold (the constraints decide conflicts) and starts its workflow.
     *
     * @param onCreated run when the hold is new (not an earlier insert found again): the per-client reservation of a
     *                  hold is kept then; a no-op for a reschedule (the customer holds a manage token: not a squatter)
     */
    private BookingRecord placeHold(
            Tenant tenant,
            Salesperson salesperson,
            ValidHold hold,
            String key,
            UUID rescheduledFrom,
            Runnable onCreated) {
        BookingStore.NewHold newHold = new BookingStore.NewHold(
                tenant.id(),
                salesperson.id(),
                hold.startUtc(),
                hold.endUtc(),
                hold.email(),
                hold.name(),
                hold.company(),
                key,
                clock.instant().plus(properties.holdTtl()),
                rescheduledFrom);
        HoldSlotRules.Verdict verdict = slotRules.verdict(tenant, salesperson, hold.startUtc(), hold.endUtc());
        if (verdict != HoldSlotRules.Verdict.OFFERED) {
            // This request's own hold from an earlier run (its workflow start failed, or the api died after the
            // commit) occupies the slot and is found here rather than refused as someone else's booking. Looked up
            // only on a refusal: on an offered slot an earlier run's booking shows as the key's unique constraint.
            Optional<BookingRecord> earlier = earlierRunsHold(newHold);
            if (earlier.isPresent()) {
                workflows.start(earlier.get(), tenant);
                log.info(
                        "hold of an earlier run of the request found booking={} tenant={}",
                        earlier.get().id(),
                        tenant.id());
                return earlier.get();
            }
            throw verdict == HoldSlotRules.Verdict.TAKEN
                    ? new ApiException(ErrorCode.SLOT_TAKEN, "this slot is already booked")
                    : new ApiException(ErrorCode.SLOT_UNAVAILABLE, "this slot is not offered");
        }
        BookingStore.HoldResult result;
        try {
            // a booking this request made in an earlier run is found through the key's unique constraint
            result = store.createHoldOfNewRequest(newHold, properties.limits().maxUnconfirmedPerEmail());
        } catch (SlotConflictException e) {
            throw new ApiException(ErrorCode.SLOT_TAKEN, "this slot was just booked by someone else");
        } catch (TooManyUnconfirmedException e) {
            throw tooManyUnconfirmed();
        } catch (IdempotencyKeyConflictException e) {
            throw keyOfAnotherRequest();
        }
        workflows.start(result.booking(), tenant);
        if (result.created()) {
            metrics.holdCreated();
            onCreated.run();
        }
        // the business event itself is logged by AuditTrail after its commit
        log.debug(
                "hold placed booking={} tenant={} created={}", result.booking().id(), tenant.id(), result.created());
        return result.booking();
    }

    private Optional<BookingRecord> earlierRunsHold(BookingStore.NewHold newHold) {
        try {
            return store.bookingOfRequest(newHold);
        } catch (IdempotencyKeyConflictException e) {
            throw keyOfAnotherRequest();
        }
    }

    private static ApiException keyOfAnotherRequest() {
        return new ApiException(
                ErrorCode.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with a different request");
    }

    private ApiException tooManyUnconfirmed() {
        return new ApiException(
                ErrorCode.RATE_LIMITED,
                "this email already holds " + properties.limits().maxUnconfirmedPerEmail()
                        + " unconfirmed bookings; confirm or let one expire",
                null,
                properties.holdTtl());
    }

    ResponseEntity<String> requestVerification(Tenant tenant, UUID bookingId, String key) {
        var replay = idempotency.replay(tenant.id(), key, "verify-email", bookingId.toString());
        if (replay.isPresent()) {
            return replay.get();
        }
        BookingRecord booking = booking(tenant, bookingId);
        requireHoldStillOpen(booking);
        if (booking.verifyEmailsSent() >= properties.limits().maxVerifyEmailsPerBooking()) {
            throw new ApiException(
                    ErrorCode.RATE_LIMITED,
                    "too many verification emails for this booking",
                    null,
                    Duration.between(clock.instant(), booking.holdExpiresAt()).abs());
        }
        return idempotency.execute(tenant.id(), key, "verify-email", bookingId.toString(), () -> {
            BookingState state =
                    workflows.requestVerification(bookingId, key).orElseThrow(() -> closedAnswer(bookingId));
            return new Result(
                    HttpStatus.OK,
                    new BookingViews.VerificationSent(
                            bookingId,
                            state.status().dbValue(),
                            state.holdExpiresAt().toString()));
        });
    }

    ResponseEntity<String> confirm(Tenant tenant, String token, String key) {
        TokenService.TokenClaims claims = claims(tenant, token, TokenService.VERIFY);
        var replay = idempotency.replay(tenant.id(), key, "confirm", claims.jti());
        if (replay.isPresent()) {
            return replay.get();
        }
        BookingRecord booking = store.find(tenant.id(), claims.bookingId())
                .orElseThrow(() -> new ApiException(ErrorCode.TOKEN_INVALID, "this link is not valid"));
        if (booking.status() == BookingStatus.EXPIRED) {
            throw new ApiException(ErrorCode.HOLD_EXPIRED, "the hold expired; please choose a slot again");
        }
        // a consumed token is "used" unless this very key consumed it: the customer's retry after a 503 or after
        // the api died between the saga's end and the key's completion gets the confirmed booking
        if (!claims.jti().equals(booking.verifyTokenJti())
                && (booking.status() != BookingStatus.CONFIRMED
                        || workflows.confirmedWith(booking.id(), key).isEmpty())) {
            throw new ApiException(ErrorCode.TOKEN_USED, "this link was already used");
        }
        return idempotency.execute(tenant.id(), key, "confirm", claims.jti(), () -> {
            BookingState state = timedConfirm(() ->
                    workflows.confirm(booking.id(), claims.jti(), key).orElseThrow(() -> closedAnswer(booking.id())));
            return new Result(
                    HttpStatus.OK,
                    new BookingViews.Confirmed(
                            booking.id(),
                            state.status().dbValue(),
                            state.startUtc().toString(),
                            state.endUtc().toString(),
                            store.joinUrl(booking.id()).orElse(null)));
        });
    }

    /** The saga end to end (booking.confirm.duration), by how it ended. */
    private BookingState timedConfirm(java.util.function.Supplier<BookingState> confirm) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            BookingState state = confirm.get();
            outcome = "confirmed";
            return state;
        } catch (ApiException e) {
            outcome = e.code() == ErrorCode.PROVIDER_UNAVAILABLE
                    ? "provider_unavailable"
                    : e.code().status().is4xxClientError() ? "refused" : "error";
            throw e;
        } finally {
            metrics.confirmFinished(outcome, System.nanoTime() - started);
        }
    }

    /**
     * The confirmation email again, for a customer who lost it (it carries the only manage link). Needs no token:
     * the email goes only to the booking's own address, and a booking gets {@link ConfirmationEmails#MAX_RESENDS}
     * per hour (429 with Retry-After beyond). Queued: the worker's sweeper sends it within a round.
     */
    ResponseEntity<String> resendConfirmation(Tenant tenant, UUID bookingId, String key) {
        var replay = idempotency.replay(tenant.id(), key, "resend", bookingId.toString());
        if (replay.isPresent()) {
            return replay.get();
        }
        BookingRecord booking = booking(tenant, bookingId);
        if (booking.status() != BookingStatus.CONFIRMED) {
            throw new ApiException(
                    ErrorCode.INVALID_STATE,
                    "booking is " + booking.status().dbValue() + "; only a confirmed booking has a confirmation email");
        }
        return idempotency.execute(tenant.id(), key, "resend", bookingId.toString(), () -> {
            Optional<Duration> limited = confirmationEmails.requestResend(tenant.id(), bookingId, clock.instant());
            if (limited.isPresent()) {
                throw new ApiException(
                        ErrorCode.RATE_LIMITED,
                        "the confirmation email was sent again " + ConfirmationEmails.MAX_RESENDS
                                + " times in the last hour",
                        null,
                        limited.get());
            }
            log.info("confirmation email queued again booking={} tenant={}", bookingId, tenant.id());
            return new Result(HttpStatus.ACCEPTED, new BookingViews.ResendQueued(bookingId, "queued"));
        });
    }

    ResponseEntity<String> cancel(Tenant tenant, UUID bookingId, String token, String key) {
        TokenService.TokenClaims claims = claims(tenant, token, TokenService.MANAGE);
        requireSameBooking(claims, bookingId);
        BookingRecord booking = booking(tenant, bookingId);
        if (booking.status() == BookingStatus.CANCELED) {
            // already canceled: the same answer again, under no key (nothing was done)
            return idempotency.unstored(
                    new Result(HttpStatus.OK, new BookingViews.Canceled(bookingId, BookingStatus.CANCELED.dbValue())));
        }
        requireManageable(booking, claims);
        return idempotency.execute(tenant.id(), key, "cancel", bookingId.toString(), () -> {
            BookingState state = workflows
                    .cancel(bookingId, new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null), key)
                    .orElseThrow(() -> closedAnswer(bookingId));
            return new Result(
                    HttpStatus.OK,
                    new BookingViews.Canceled(bookingId, state.status().dbValue()));
        });
    }

    ResponseEntity<String> reschedule(
            Tenant tenant, UUID bookingId, String token, Instant newStart, Instant newEnd, String key) {
        TokenService.TokenClaims claims = claims(tenant, token, TokenService.MANAGE);
        requireSameBooking(claims, bookingId);
        record Fingerprint(UUID bookingId, Instant newStart, Instant newEnd) {}
        Fingerprint fingerprint = new Fingerprint(bookingId, newStart, newEnd);
        var replay = idempotency.replay(tenant.id(), key, "reschedule", fingerprint);
        if (replay.isPresent()) {
            return replay.get();
        }
        BookingRecord old = booking(tenant, bookingId);
        if (old.status() == BookingStatus.CANCELED && "rescheduled".equals(old.cancelReason())) {
            throw new ApiException(ErrorCode.TOKEN_USED, "this booking was already rescheduled");
        }
        requireManageable(old, claims);
        Salesperson salesperson = tenants.activeSalesperson(tenant, old.salespersonId());
        BookingDetails.Customer customer = details.load(bookingId).customer();
        ValidHold newHold = new ValidHold(
                old.salespersonId(), newStart, newEnd, customer.email(), customer.name(), customer.company());
        return idempotency.execute(tenant.id(), key, "reschedule", fingerprint, () -> {
            // the new hold first: a taken or unavailable slot leaves the old booking confirmed and untouched
            BookingRecord created = placeHold(tenant, salesperson, newHold, key, bookingId, () -> {});
            if (created.id().equals(bookingId) || !bookingId.equals(created.rescheduledFromBookingId())) {
                // never cancel a booking in favour of itself or of a booking another request made
                throw keyOfAnotherRequest();
            }
            workflows
                    .cancel(
                            bookingId,
                            new CancelRequest(CancelRequest.Actor.CUSTOMER, "rescheduled", created.id()),
                            key)
                    .orElseThrow(() -> closedAnswer(bookingId));
            BookingState state =
                    workflows.requestVerification(created.id(), key).orElseThrow(() -> closedAnswer(created.id()));
            return new Result(
                    HttpStatus.CREATED,
                    new BookingViews.Rescheduled(
                            created.id(),
                            state.status().dbValue(),
                            bookingId,
                            created.startUtc().toString(),
                            created.endUtc().toString(),
                            created.holdExpiresAt().toString()));
        });
    }

    BookingViews.CustomerBooking view(Tenant tenant, UUID bookingId, String token) {
        TokenService.TokenClaims claims;
        try {
            claims = claims(tenant, token, TokenService.MANAGE);
        } catch (ApiException e) {
            claims = claims(tenant, token, TokenService.VERIFY);
        }
        requireSameBooking(claims, bookingId);
        BookingRecord b = booking(tenant, bookingId);
        boolean verifyLink = TokenService.VERIFY.equals(claims.audience());
        // a verify link is one-time: once consumed (confirmed, or replaced by a newer link) it reads nothing. Email
        // link scanners fetch links, so a verify link never shows the join URL; the manage link does.
        if (verifyLink && !claims.jti().equals(b.verifyTokenJti())) {
            throw new ApiException(ErrorCode.TOKEN_USED, "this link was already used");
        }
        Salesperson salesperson =
                directory.salesperson(tenant.id(), b.salespersonId()).orElseThrow();
        ZoneId zone = salesperson.timezone() != null ? salesperson.timezone() : tenant.defaultTimezone();
        boolean unconfirmed = b.status() == BookingStatus.HOLD || b.status() == BookingStatus.PENDING_VERIFY;
        return new BookingViews.CustomerBooking(
                b.id(),
                b.status().dbValue(),
                b.startUtc().toString(),
                b.endUtc().toString(),
                WireTimes.local(b.startUtc(), zone),
                WireTimes.local(b.endUtc(), zone),
                zone.getId(),
                new BookingViews.SalespersonRef(salesperson.id(), salesperson.displayName()),
                b.status() == BookingStatus.CONFIRMED && !verifyLink
                        ? store.joinUrl(b.id()).orElse(null)
                        : null,
                unconfirmed && b.holdExpiresAt() != null ? b.holdExpiresAt().toString() : null,
                b.status() == BookingStatus.CONFIRMED
                        ? BookingWorkflow.customerChangeDeadline(b.startUtc()).toString()
                        : null,
                b.rescheduledFromBookingId());
    }

    private TokenService.TokenClaims claims(Tenant tenant, String token, String audience) {
        TokenService.TokenClaims claims;
        try {
            claims = tokens.verify(token, audience);
        } catch (TokenService.InvalidTokenException e) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "this link is not valid or has expired");
        } catch (TokenService.ExpiredTokenException e) {
            if (!e.claims().tenantId().equals(tenant.id())) {
                throw new ApiException(ErrorCode.TOKEN_INVALID, "this link is not valid or has expired");
            }
            // genuine but late: say why precisely (the verify link dies with the hold, the manage link at the deadline)
            throw TokenService.VERIFY.equals(audience)
                    ? new ApiException(ErrorCode.HOLD_EXPIRED, "the hold expired; please choose a slot again")
                    : new ApiException(ErrorCode.CANCEL_DEADLINE_PASSED, "changes close 24 hours before the start");
        }
        if (!claims.tenantId().equals(tenant.id())) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "this link is not valid or has expired");
        }
        return claims;
    }

    private static void requireSameBooking(TokenService.TokenClaims claims, UUID bookingId) {
        if (!claims.bookingId().equals(bookingId)) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "this link is not valid for this booking");
        }
    }

    private void requireManageable(BookingRecord booking, TokenService.TokenClaims claims) {
        if (booking.status() != BookingStatus.CONFIRMED) {
            throw new ApiException(
                    ErrorCode.INVALID_STATE, "booking is " + booking.status().dbValue());
        }
        if (!claims.jti().equals(booking.manageTokenJti())) {
            throw new ApiException(ErrorCode.TOKEN_USED, "this link was already used");
        }
        if (clock.instant().isAfter(BookingWorkflow.customerChangeDeadline(booking.startUtc()))) {
            throw new ApiException(ErrorCode.CANCEL_DEADLINE_PASSED, "changes close 24 hours before the start");
        }
    }

    private void requireHoldStillOpen(BookingRecord booking) {
        if (booking.status() == BookingStatus.EXPIRED) {
            throw new ApiException(ErrorCode.HOLD_EXPIRED, "the hold expired; please choose a slot again");
        }
        if (booking.status() != BookingStatus.HOLD && booking.status() != BookingStatus.PENDING_VERIFY) {
            throw new ApiException(
                    ErrorCode.INVALID_STATE, "booking is " + booking.status().dbValue());
        }
    }

    private BookingRecord booking(Tenant tenant, UUID bookingId) {
        return store.find(tenant.id(), bookingId)
                .orElseThrow(() -> new ApiException(ErrorCode.BOOKING_NOT_FOUND, "no such booking"));
    }

    /** The workflow has closed: the database has the final word. */
    private ApiException closedAnswer(UUID bookingId) {
        Optional<BookingRecord> booking = store.find(bookingId);
        if (booking.isPresent() && booking.get().status() == BookingStatus.EXPIRED) {
            return new ApiException(ErrorCode.HOLD_EXPIRED, "the hold expired; please choose a slot again");
        }
        return new ApiException(
                ErrorCode.INVALID_STATE,
                "booking is " + booking.map(b -> b.status().dbValue()).orElse("unknown") + " and can no longer change");
    }
}
