package com.salesbooking.api.page;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.LogContextFilter;
import com.salesbooking.platform.token.TokenService;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.workflows.booking.BookingStatus;
import com.salesbooking.workflows.booking.BookingWorkflowImpl;
import org.slf4j.MDC;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * {@code GET /v1/public/link?token=}: what the verify and manage pages need to know about the link they were
 * opened with. The emails' links carry only the token, so the page learns the tenant (for every further call)
 * and the booking from it; and unlike {@code GET /v1/public/{slug}/bookings/{id}} this also answers for a
 * genuine token past its expiry, because that is exactly when the page must explain something: the hold
 * expired (and where to book again), or the change deadline passed (and the join link, which stays useful).
 * A token that is not ours is 401 {@code token_invalid}, as everywhere.
 */
@RestController
class BookingLinkController {

    static final String PATH = "/v1/public/link";

    private final TokenService tokens;
    private final TenantDirectory directory;
    private final BookingStore store;
    private final Clock clock;

    BookingLinkController(TokenService tokens, TenantDirectory directory, BookingStore store, Clock clock) {
        this.tokens = tokens;
        this.directory = directory;
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param purpose    {@code verify} or {@code manage}: which link this is
     * @param actionable the link can still do its job now: confirm (verify) or cancel/reschedule (manage)
     * @param linkUsed   the link's one-time id is no longer the booking's (confirmed with it, or rescheduled)
     * @param changesUntil the customer's deadline for cancel and reschedule (start minus 24 h)
     */
    record BookingLink(
            String tenantSlug,
            String tenantName,
            String purpose,
            UUID bookingId,
            String status,
            String startAt,
            String endAt,
            String timezone,
            SalespersonRef salesperson,
            String joinUrl,
            String expiresAt,
            String changesUntil,
            String cancelReason,
            boolean actionable,
            boolean linkUsed) {}

    record SalespersonRef(UUID id, String displayName, String timezone) {}

    @GetMapping(PATH)
    ResponseEntity<BookingLink> link(@RequestParam(required = false) String token) {
        TokenService.TokenClaims claims = claims(token);
        Tenant tenant =
                directory.tenant(claims.tenantId()).filter(Tenant::active).orElseThrow(BookingLinkController::invalid);
        // the filter took "link" for a slug; the real one makes this request's log lines findable by tenant
        MDC.put(LogContextFilter.TENANT_SLUG, tenant.slug());
        MDC.put(LogContextFilter.BOOKING_ID, claims.bookingId().toString());
        BookingRecord b = store.find(tenant.id(), claims.bookingId())
                .orElseThrow(() -> new ApiException(ErrorCode.BOOKING_NOT_FOUND, "no such booking"));
        Salesperson salesperson =
                directory.salesperson(tenant.id(), b.salespersonId()).orElseThrow();
        ZoneId zone = salesperson.timezone() != null ? salesperson.timezone() : tenant.defaultTimezone();
        Instant now = clock.instant();
        Instant changesUntil = b.startUtc().minus(BookingWorkflowImpl.CUSTOMER_CANCEL_NOTICE);
        boolean verify = TokenService.VERIFY.equals(claims.audience());
        boolean unconfirmed = b.status() == BookingStatus.HOLD || b.status() == BookingStatus.PENDING_VERIFY;
        boolean used = !claims.jti().equals(verify ? b.verifyTokenJti() : b.manageTokenJti());
        boolean actionable = !used
                && (verify
                        ? unconfirmed && b.holdExpiresAt() != null && now.isBefore(b.holdExpiresAt())
                        : b.status() == BookingStatus.CONFIRMED && !now.isAfter(changesUntil));
        BookingLink body = new BookingLink(
                tenant.slug(),
                tenant.name(),
                verify ? "verify" : "manage",
                b.id(),
                b.status().dbValue(),
                b.startUtc().toString(),
                b.endUtc().toString(),
                zone.getId(),
                new SalespersonRef(salesperson.id(), salesperson.displayName(), zone.getId()),
                b.status() == BookingStatus.CONFIRMED ? store.joinUrl(b.id()).orElse(null) : null,
                unconfirmed && b.holdExpiresAt() != null ? b.holdExpiresAt().toString() : null,
                changesUntil.toString(),
                b.status() == BookingStatus.CANCELED ? b.cancelReason() : null,
                actionable,
                used);
        // the answer follows the booking, which changes: never from a cache
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    /** Our token of either kind, expired or not: the signature, issuer and audience are checked either way. */
    private TokenService.TokenClaims claims(String token) {
        if (token == null || token.isBlank()) {
            throw invalid();
        }
        for (String audience : new String[] {TokenService.VERIFY, TokenService.MANAGE}) {
            try {
                return tokens.verify(token, audience);
            } catch (TokenService.ExpiredTokenException e) {
                return e.claims();
            } catch (TokenService.InvalidTokenException e) {
                // not this audience: try the other
            }
        }
        throw invalid();
    }

    private static ApiException invalid() {
        return new ApiException(ErrorCode.TOKEN_INVALID, "this link is not valid");
    }
}
