package com.salesbooking.api.admin;

import com.salesbooking.api.admin.AdminBookingViews.BookingDetail;
import com.salesbooking.api.admin.AdminBookingViews.BookingItem;
import com.salesbooking.api.admin.AdminBookingViews.BookingPage;
import com.salesbooking.api.admin.TenantAdminAuth.Admin;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.store.admin.BookingQueries;
import com.salesbooking.workflows.booking.BookingStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A tenant admin finds bookings: a list ordered by start (then id) with filters, paged by keyset (the cursor is the
 * last (start, id) seen, so bookings made meanwhile never shift or repeat a page), and one booking with its whole
 * trail.
 */
@RestController
class BookingAdminController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final TenantAdminAuth auth;
    private final BookingQueries bookings;

    BookingAdminController(TenantAdminAuth auth, BookingQueries bookings) {
        this.auth = auth;
        this.bookings = bookings;
    }

    @GetMapping("/v1/internal/bookings")
    BookingPage list(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "salesperson_id", required = false) String salespersonId,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "email", required = false) String email,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "cursor", required = false) String cursor) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        String statusFilter = null;
        if (status != null && !status.isBlank()) {
            try {
                statusFilter = BookingStatus.fromDb(status).dbValue();
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(
                        "status", "status must be hold, pending_verify, confirmed, canceled or expired");
            }
        }
        UUID salesperson =
                salespersonId == null || salespersonId.isBlank() ? null : Inputs.uuid(salespersonId, "salesperson_id");
        Instant fromInstant = from == null || from.isBlank() ? null : Inputs.instant(from, "from");
        Instant toInstant = to == null || to.isBlank() ? null : Inputs.instant(to, "to");
        String emailFilter = email == null || email.isBlank() ? null : Inputs.email(email, "email");
        int pageSize = limit(limit);
        BookingQueries.Position after = cursor == null || cursor.isBlank() ? null : decode(cursor);
        List<BookingQueries.AdminBooking> rows = bookings.list(new BookingQueries.Filter(
                admin.tenant().id(), statusFilter, salesperson, fromInstant, toInstant, emailFilter, after, pageSize));
        boolean more = rows.size() > pageSize;
        List<BookingQueries.AdminBooking> page = more ? rows.subList(0, pageSize) : rows;
        String next = more ? encode(page.get(page.size() - 1)) : null;
        return new BookingPage(page.stream().map(BookingItem::of).toList(), next);
    }

    @GetMapping("/v1/internal/bookings/{bookingId}")
    BookingDetail get(
            @PathVariable String bookingId,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        UUID id;
        try {
            id = Inputs.uuid(bookingId, "bookingId");
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.BOOKING_NOT_FOUND, "no such booking");
        }
        // another tenant's booking is simply not found
        return bookings.detail(admin.tenant().id(), id)
                .map(BookingDetail::of)
                .orElseThrow(() -> new ApiException(ErrorCode.BOOKING_NOT_FOUND, "no such booking"));
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The cursor: base64url of "start|id" of the last booking of the page (opaque to clients). */
    static String encode(BookingQueries.AdminBooking last) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((last.startUtc() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    static BookingQueries.Position decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|");
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return new BookingQueries.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ApiException.invalid("cursor", "cursor must be a next_cursor of an earlier page");
        }
    }
}
