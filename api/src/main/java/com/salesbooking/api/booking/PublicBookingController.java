package com.salesbooking.api.booking;

import com.salesbooking.api.booking.BookingRequests.HoldRequest;
import com.salesbooking.api.booking.BookingRequests.RescheduleRequest;
import com.salesbooking.api.booking.BookingRequests.TokenRequest;
import com.salesbooking.api.booking.BookingRequests.ValidHold;
import com.salesbooking.api.booking.BookingRequests.VerifyEmailRequest;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.idempotency.IdempotencyService;
import com.salesbooking.api.tenant.PublicTenants;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.store.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.UUID;

/** The public booking endpoints (docs/design.md, "The API"). Validation first, so bad input writes nothing. */
@RestController
class PublicBookingController {

    private final PublicTenants tenants;
    private final BookingService bookings;

    PublicBookingController(PublicTenants tenants, BookingService bookings) {
        this.tenants = tenants;
        this.bookings = bookings;
    }

    @PostMapping(path = "/v1/public/{slug}/holds", consumes = "application/json")
    ResponseEntity<String> hold(
            @PathVariable String slug,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody(required = false) HoldRequest body,
            HttpServletRequest request) {
        String key = IdempotencyService.requireKey(idempotencyKey);
        Tenant tenant = tenants.bySlug(slug);
        ValidHold hold = validate(body);
        return bookings.hold(tenant, hold, key, request.getRemoteAddr());
    }

    @PostMapping(path = "/v1/public/{slug}/auth/verify-email", consumes = "application/json")
    ResponseEntity<String> verifyEmail(
            @PathVariable String slug,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody(required = false) VerifyEmailRequest body) {
        String key = IdempotencyService.requireKey(idempotencyKey);
        Tenant tenant = tenants.bySlug(slug);
        UUID bookingId = Inputs.uuid(body == null ? null : body.bookingId(), "booking_id");
        return bookings.requestVerification(tenant, bookingId, key);
    }

    @PostMapping(path = "/v1/public/{slug}/confirm", consumes = "application/json")
    ResponseEntity<String> confirm(
            @PathVariable String slug,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody(required = false) TokenRequest body) {
        String key = IdempotencyService.requireKey(idempotencyKey);
        Tenant tenant = tenants.bySlug(slug);
        String token = Inputs.required(body == null ? null : body.token(), "token");
        return bookings.confirm(tenant, token, key);
    }

    @PostMapping(path = "/v1/public/{slug}/bookings/{bookingId}/cancel", consumes = "application/json")
    ResponseEntity<String> cancel(
            @PathVariable String slug,
            @PathVariable String bookingId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody(required = false) TokenRequest body) {
        String key = IdempotencyService.requireKey(idempotencyKey);
        Tenant tenant = tenants.bySlug(slug);
        UUID id = pathId(bookingId);
        String token = Inputs.required(body == null ? null : body.token(), "token");
        return bookings.cancel(tenant, id, token, key);
    }

    /** No body: the booking id is all it takes (the email goes only to the booking's own address). */
    @PostMapping("/v1/public/{slug}/bookings/{bookingId}/resend")
    ResponseEntity<String> resend(
            @PathVariable String slug,
            @PathVariable String bookingId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String key = IdempotencyService.requireKey(idempotencyKey);
        Tenant tenant = tenants.bySlug(slug);
        UUID id = pathId(bookingId);
        return bookings.resendConfirmation(tenant, id, key);
    }

    @PostMapping(path = "/v1/public/{slug}/bookings/{bookingId}/reschedule", consumes = "application/json")
    ResponseEntity<String> reschedule(
            @PathVariable String slug,
            @PathVariable String bookingId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody(required = false) RescheduleRequest body) {
        String key = IdempotencyService.requireKey(idempotencyKey);
        Tenant tenant = tenants.bySlug(slug);
        UUID id = pathId(bookingId);
        if (body == null) {
            throw ApiException.invalid("token", "a JSON body with token, new_start_at and new_end_at is required");
        }
        String token = Inputs.required(body.token(), "token");
        Instant start = Inputs.instant(body.newStartAt(), "new_start_at");
        Instant end = Inputs.instant(body.newEndAt(), "new_end_at");
        if (!end.isAfter(start)) {
            throw ApiException.invalid("new_end_at", "new_end_at must be after new_start_at");
        }
        return bookings.reschedule(tenant, id, token, start, end, key);
    }

    @GetMapping("/v1/public/{slug}/bookings/{bookingId}")
    BookingViews.CustomerBooking get(
            @PathVariable String slug, @PathVariable String bookingId, @RequestParam(required = false) String token) {
        Tenant tenant = tenants.bySlug(slug);
        UUID id = pathId(bookingId);
        if (token == null || token.isBlank()) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "the token from your email is required");
        }
        return bookings.view(tenant, id, token);
    }

    private static UUID pathId(String value) {
        try {
            return Inputs.uuid(value, "booking_id");
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.BOOKING_NOT_FOUND, "no such booking");
        }
    }

    private static ValidHold validate(HoldRequest body) {
        if (body == null) {
            throw ApiException.invalid(
                    "salesperson_id", "a JSON body with salesperson_id, start_at, end_at and customer is required");
        }
        UUID salespersonId = Inputs.uuid(body.salespersonId(), "salesperson_id");
        Instant start = Inputs.instant(body.startAt(), "start_at");
        Instant end = Inputs.instant(body.endAt(), "end_at");
        if (!end.isAfter(start)) {
            throw ApiException.invalid("end_at", "end_at must be after start_at");
        }
        if (body.customer() == null) {
            throw ApiException.invalid("customer.email", "customer.email is required");
        }
        String email = Inputs.email(body.customer().email(), "customer.email");
        String name = Inputs.optionalText(body.customer().name(), "customer.name", 200);
        String company = Inputs.optionalText(body.customer().company(), "customer.company", 200);
        return new ValidHold(salespersonId, start, end, email, name, company);
    }
}
