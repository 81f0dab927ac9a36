package com.salesbooking.api.admin;

import com.salesbooking.api.admin.AdminBookingViews.BookingDetail;
import com.salesbooking.api.admin.AdminBookingViews.CustomerExport;
import com.salesbooking.api.admin.AdminBookingViews.CustomerRecord;
import com.salesbooking.api.admin.AdminBookingViews.Erasure;
import com.salesbooking.api.admin.TenantAdminAuth.Admin;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.store.admin.BookingQueries;
import com.salesbooking.store.admin.CustomerData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/** A tenant admin answers a customer's data requests: export (GDPR art. 15) and erasure (art. 17). */
@RestController
public class CustomerDataController {

    private final TenantAdminAuth auth;
    private final CustomerData customers;
    private final BookingQueries bookings;
    private final CustomerErasure erasure;
    private final Clock clock;

    CustomerDataController(
            TenantAdminAuth auth,
            CustomerData customers,
            BookingQueries bookings,
            CustomerErasure erasure,
            Clock clock) {
        this.auth = auth;
        this.customers = customers;
        this.bookings = bookings;
        this.erasure = erasure;
        this.clock = clock;
    }

    public record ErasureRequest(String email) {}

    @GetMapping("/v1/internal/customers/export")
    CustomerExport export(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestParam(name = "email", required = false) String email) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        String address = Inputs.email(email, "email");
        CustomerData.Customer c = customers
                .find(admin.tenant().id(), address)
                .orElseThrow(() -> new ApiException(ErrorCode.CUSTOMER_NOT_FOUND, "no customer with this email"));
        return new CustomerExport(
                new CustomerRecord(
                        c.id(), c.email(), c.name(), c.company(), c.createdAt().toString()),
                bookings.ofCustomer(admin.tenant().id(), c.id()).stream()
                        .map(BookingDetail::of)
                        .toList(),
                clock.instant().toString());
    }

    @PostMapping(path = "/v1/internal/customers/erasure", consumes = "application/json")
    Erasure erase(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestBody(required = false) ErasureRequest body) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        String address = Inputs.email(body == null ? null : body.email(), "email");
        return erasure.erase(admin, address);
    }
}
