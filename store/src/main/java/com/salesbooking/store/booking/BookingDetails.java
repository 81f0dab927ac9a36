package com.salesbooking.store.booking;

import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** Everything an activity needs to talk about a booking: it reads the PII here, so workflows never carry it. */
@Component
public class BookingDetails {

    /** A customer as stored. */
    public record Customer(UUID id, String email, String name, String company) {}

    /** A booking with its tenant, salesperson and customer. */
    public record Context(BookingRecord booking, Tenant tenant, Salesperson salesperson, Customer customer) {}

    private final BookingStore bookings;
    private final TenantDirectory directory;
    private final JdbcClient jdbc;

    public BookingDetails(BookingStore bookings, TenantDirectory directory, JdbcClient jdbc) {
        this.bookings = bookings;
        this.directory = directory;
        this.jdbc = jdbc;
    }

    public Context load(UUID bookingId) {
        BookingRecord b =
                bookings.find(bookingId).orElseThrow(() -> new IllegalStateException("no booking " + bookingId));
        Tenant tenant = directory.tenant(b.tenantId()).orElseThrow();
        Salesperson salesperson =
                directory.salesperson(b.tenantId(), b.salespersonId()).orElseThrow();
        Customer customer = jdbc.sql("SELECT id, email, name, company FROM customers WHERE id = ? AND tenant_id = ?")
                .params(b.customerId(), b.tenantId())
                .query((rs, i) -> new Customer(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        rs.getString("name"),
                        rs.getString("company")))
                .single();
        return new Context(b, tenant, salesperson, customer);
    }
}
