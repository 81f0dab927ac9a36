package com.salesbooking.api.admin;

import com.salesbooking.api.admin.AdminBookingViews.ErasedBooking;
import com.salesbooking.api.admin.AdminBookingViews.Erasure;
import com.salesbooking.api.booking.BookingWorkflows;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.store.admin.AdminAudit;
import com.salesbooking.store.admin.BookingQueries;
import com.salesbooking.store.admin.CustomerData;
import com.salesbooking.workflows.booking.CancelRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Erases a customer of a tenant (GDPR art. 17). First their future confirmed bookings are canceled through their
 * workflows, exactly as any cancel (actor admin, reason {@code erasure}: the Outlook event is cancelled, the Zoom
 * meeting deleted, the customer told), and the verify links of unconfirmed ones stop working (those holds expire on
 * their timers). Then, in one transaction, name, email and company are replaced by a placeholder wherever we keep
 * them ({@link CustomerData#erase}), and the erasure is audited with the admin key as actor and without the email.
 * Workflow histories carry ids, statuses and times only, so there is nothing to erase there.
 */
@Service
class CustomerErasure {

    private static final Logger log = LoggerFactory.getLogger(CustomerErasure.class);

    private final CustomerData customers;
    private final BookingQueries bookings;
    private final BookingWorkflows workflows;
    private final AdminAudit audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    CustomerErasure(
            CustomerData customers,
            BookingQueries bookings,
            BookingWorkflows workflows,
            AdminAudit audit,
            TransactionTemplate tx,
            Clock clock) {
        this.customers = customers;
        this.bookings = bookings;
        this.workflows = workflows;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    Erasure erase(TenantAdminAuth.Admin admin, String email) {
        UUID tenantId = admin.tenant().id();
        CustomerData.Customer customer = customers
                .find(tenantId, email)
                .orElseThrow(() -> new ApiException(ErrorCode.CUSTOMER_NOT_FOUND, "no customer with this email"));
        Instant now = clock.instant();
        List<UUID> canceled = new ArrayList<>();
        for (BookingQueries.Detail d : bookings.ofCustomer(tenantId, customer.id())) {
            var b = d.booking();
            if ("confirmed".equals(b.status()) && b.startUtc().isAfter(now)) {
                // one update id per customer erasure: a retried erasure joins the same cancel
                workflows.cancel(
                        b.id(),
                        new CancelRequest(CancelRequest.Actor.ADMIN, "erasure", null),
                        "erasure-" + customer.id());
                canceled.add(b.id());
            }
        }
        List<UUID> ids = customers.bookingIds(tenantId, customer.id());
        Instant erasedAt = clock.instant();
        boolean erased = Boolean.TRUE.equals(tx.execute(s -> {
            CustomerData.Customer locked =
                    customers.lockForErasure(tenantId, customer.id()).orElse(null);
            if (locked == null) {
                return false;
            }
            int unconfirmed = customers.invalidateVerifyLinks(tenantId, customer.id());
            customers.erase(locked, tenantId, ids, erasedAt);
            audit.record(
                    tenantId,
                    admin.actor(),
                    "customer.erased",
                    "customer",
                    customer.id().toString(),
                    erasedAt,
                    Map.of(
                            "bookings",
                            ids.size(),
                            "canceled_bookings",
                            canceled.stream().map(UUID::toString).toList(),
                            "verify_links_invalidated",
                            unconfirmed));
            return true;
        }));
        if (!erased) {
            // a concurrent erasure of the same customer finished first
            throw new ApiException(ErrorCode.CUSTOMER_NOT_FOUND, "no customer with this email");
        }
        log.info(
                "customer {} of tenant {} erased ({} bookings, {} canceled)",
                customer.id(),
                tenantId,
                ids.size(),
                canceled.size());
        List<ErasedBooking> after = bookings.ofCustomer(tenantId, customer.id()).stream()
                .map(d -> new ErasedBooking(d.booking().id(), d.booking().status()))
                .toList();
        return new Erasure(customer.id(), after);
    }
}
