package com.salesbooking.store.admin;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's personal data in this database, for export (GDPR art. 15) and erasure (art. 17). Erasure replaces
 * the name, email and company by a placeholder wherever we keep them: the {@code customers} row, and any copy in
 * another tenant-scoped table (tracking and audit metadata, stored idempotency responses, error texts).
 */
@Repository
public class CustomerData {

    /** What replaces the name (and a company) wherever it was. */
    public static final String PLACEHOLDER = "erased";

    public record Customer(UUID id, String email, String name, String company, Instant createdAt) {}

    /** A text or JSON column of a table that has a {@code tenant_id}. */
    private record Column(String table, String column, String type) {}

    private final JdbcClient jdbc;

    public CustomerData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's customer with this email (any case), unless erased. */
    public Optional<Customer> find(UUID tenantId, String email) {
        return jdbc.sql("""
                        SELECT id, email, name, company, created_at FROM customers
                         WHERE tenant_id = ? AND lower(email) = lower(?) AND erased_at IS NULL""")
                .params(tenantId, email)
                .query((rs, i) -> new Customer(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .optional();
    }

    /** The customer's row locked for the erasure's transaction (a second erasure waits, then finds nothing). */
    public Optional<Customer> lockForErasure(UUID tenantId, UUID customerId) {
        return jdbc.sql("""
                        SELECT id, email, name, company, created_at FROM customers
                         WHERE tenant_id = ? AND id = ? AND erased_at IS NULL FOR UPDATE""")
                .params(tenantId, customerId)
                .query((rs, i) -> new Customer(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .optional();
    }

    /** Ids of the customer's bookings. */
    public List<UUID> bookingIds(UUID tenantId, UUID customerId) {
        return jdbc.sql("SELECT id FROM bookings WHERE tenant_id = ? AND customer_id = ? ORDER BY start_at_utc, id")
                .params(tenantId, customerId)
                .query(UUID.class)
                .list();
    }

    /**
     * Verify links of the customer's unconfirmed bookings stop working (their one-time id is cleared): after an
     * erasure nobody confirms them, and their holds expire on their own timers.
     */
    public int invalidateVerifyLinks(UUID tenantId, UUID customerId) {
        return jdbc.sql("""
                        UPDATE bookings SET verify_token_jti = NULL
                         WHERE tenant_id = ? AND customer_id = ? AND status IN ('hold', 'pending_verify')""").params(tenantId, customerId).update();
    }

    /**
     * Replaces the customer's name, email and company, in the caller's transaction. The email is unique to the
     * customer, so every copy in any tenant-scoped text column is replaced; a name ("Anna") may be anybody's, so it
     * is replaced only where it is a whole JSON string value in rows about the customer's own bookings.
     *
     * @return the placeholder address the customer row now has
     */
    public String erase(Customer customer, UUID tenantId, List<UUID> bookingIds, Instant now) {
        String placeholderEmail = "erased-" + customer.id() + "@erased.invalid";
        jdbc.sql("UPDATE customers SET email = ?, name = ?, company = NULL, erased_at = ? WHERE id = ?")
                .params(placeholderEmail, PLACEHOLDER, Timestamp.from(now), customer.id())
                .update();
        Pattern email =
                Pattern.compile(Pattern.quote(customer.email()), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        for (Column column : tenantTextColumns()) {
            if (column.table().equals("customers")) {
                continue;
            }
            replaceIn(
                    column,
                    "tenant_id = ? AND strpos(lower(" + column.column() + "::text), lower(?)) > 0",
                    List.of(tenantId, customer.email()),
                    email,
                    placeholderEmail);
        }
        for (String value : new String[] {customer.name(), customer.company()}) {
            if (value == null || value.isBlank()) {
                continue;
            }
            Pattern whole = Pattern.compile(Pattern.quote("\"" + jsonEscaped(value) + "\""));
            String replacement = "\"" + PLACEHOLDER + "\"";
            for (UUID booking : bookingIds) {
                replaceIn(
                        new Column("tracking_events", "meta_json", "jsonb"),
                        "booking_id = ?",
                        List.of(booking),
                        whole,
                        replacement);
                replaceIn(
                        new Column("audit_logs", "meta_json", "jsonb"),
                        "tenant_id = ? AND target_id = ?",
                        List.of(tenantId, booking.toString()),
                        whole,
                        replacement);
                replaceIn(
                        new Column("idempotency_keys", "response_body", "text"),
                        "tenant_id = ? AND strpos(response_body, ?) > 0",
                        List.of(tenantId, booking.toString()),
                        whole,
                        replacement);
            }
        }
        // the stored fingerprint of a request is a hash over its body, email included: a retry of such a request
        // now answers 422 (another request), which is right for a customer who no longer exists
        for (UUID booking : bookingIds) {
            jdbc.sql(
                            "UPDATE idempotency_keys SET request_hash = ? WHERE tenant_id = ? AND strpos(response_body, ?) > 0")
                    .params(PLACEHOLDER, tenantId, booking.toString())
                    .update();
        }
        return placeholderEmail;
    }

    private void replaceIn(Column column, String where, List<Object> params, Pattern pattern, String replacement) {
        String cast = column.type().equals("jsonb") || column.type().equals("json") ? "::" + column.type() : "";
        record Hit(String ctid, String text) {}
        List<Hit> hits = jdbc.sql("SELECT ctid::text, " + column.column() + "::text FROM " + column.table() + " WHERE "
                        + where + " FOR UPDATE")
                .params(params)
                .query((rs, i) -> new Hit(rs.getString(1), rs.getString(2)))
                .list();
        for (Hit hit : hits) {
            String replaced = pattern.matcher(hit.text()).replaceAll(Matcher.quoteReplacement(replacement));
            if (!replaced.equals(hit.text())) {
                jdbc.sql("UPDATE " + column.table() + " SET " + column.column() + " = ?" + cast
                                + " WHERE ctid = ?::tid")
                        .params(replaced, hit.ctid())
                        .update();
            }
        }
    }

    /** Text and JSON columns of our tables that carry a tenant_id (the schema is ours: names come from the catalog). */
    private List<Column> tenantTextColumns() {
        return jdbc.sql("""
                        SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                         WHERE c.table_schema = current_schema()
                           AND c.data_type IN ('text', 'character varying', 'json', 'jsonb')
                           AND EXISTS (SELECT 1 FROM information_schema.columns t
                                        WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name
                                          AND t.column_name = 'tenant_id')
                         ORDER BY c.table_name, c.column_name""")
                .query((rs, i) -> new Column(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** The value as it appears inside a JSON string (quotes, backslashes and control characters escaped). */
    static String jsonEscaped(String value) {
        StringBuilder out = new StringBuilder();
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
