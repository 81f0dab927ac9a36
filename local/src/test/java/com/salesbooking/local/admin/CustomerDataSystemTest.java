package com.salesbooking.local.admin;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: the tenant admin's booking list (filters, keyset pages that hold while bookings are made), a
 * customer's export, and erasure that cancels through the workflows and leaves no trace of the customer in any
 * text column of the database.
 */
// the scope and validation tests send requests the document forbids on purpose; every answer is still checked
@com.salesbooking.local.system.SendsInvalidRequests
class CustomerDataSystemTest extends AdminApiSupport {

    @Test
    void theBookingListPagesByKeysetAndStaysStableWhileBookingsAreMade() {
        UUID seller = newSalesperson();
        List<UUID> made = new ArrayList<>();
        // 12 bookings on weekdays 2..5 at 9, 11, 13 Berlin (every other hour: the 10-minute buffer never touches)
        for (int day = 2; day <= 5; day++) {
            for (int hour : new int[] {9, 11, 13}) {
                made.add(holdAt(seller, slot(day, hour)));
            }
        }
        String base = "/v1/internal/bookings?salesperson_id=" + seller + "&limit=5";
        Response first = admin(ACME_KEY, "GET", base, null);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        List<UUID> seen = ids(first);
        assertThat(seen).containsExactlyElementsOf(made.subList(0, 5));
        String cursor = first.text("next_cursor");
        assertThat(cursor).isNotBlank();

        // made meanwhile: one before the cursor (never shown on a later page), one after it (shown in its place)
        UUID early = holdAt(seller, slot(1, 9));
        UUID late = holdAt(seller, slot(6, 9));
        List<UUID> pages = new ArrayList<>(seen);
        int pageCount = 1;
        while (cursor != null) {
            Response page = admin(ACME_KEY, "GET", base + "&cursor=" + cursor, null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            pages.addAll(ids(page));
            cursor = page.text("next_cursor");
            pageCount++;
        }
        assertThat(pageCount).isEqualTo(3);
        List<UUID> expected = new ArrayList<>(made);
        expected.add(late);
        assertThat(pages)
                .as("every booking once, in start order")
                .containsExactlyElementsOf(expected)
                .doesNotContain(early);

        // filters
        assertThat(ids(admin(
                        ACME_KEY,
                        "GET",
                        "/v1/internal/bookings?salesperson_id=" + seller + "&limit=200&from=" + slot(2, 0) + "&to="
                                + slot(3, 0),
                        null)))
                .containsExactlyElementsOf(made.subList(0, 3));
        assertThat(ids(admin(
                        ACME_KEY, "GET", "/v1/internal/bookings?salesperson_id=" + seller + "&status=confirmed", null)))
                .isEmpty();
        String email = jdbc.sql(
                        "SELECT c.email FROM customers c JOIN bookings b ON b.customer_id = c.id WHERE b.id = ?")
                .param(made.get(4))
                .query(String.class)
                .single();
        assertThat(ids(admin(ACME_KEY, "GET", "/v1/internal/bookings?email=" + email.toUpperCase(), null)))
                .containsExactly(made.get(4));
        // bounds
        for (String bad : new String[] {
            "limit=0", "limit=201", "limit=ten", "cursor=not-a-cursor", "status=done", "salesperson_id=x"
        }) {
            Response response = admin(ACME_KEY, "GET", "/v1/internal/bookings?" + bad, null);
            assertProblem(response, 400, "invalid_request");
            assertThat(response.text("field")).isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
        assertProblem(
                admin(ACME_KEY, "GET", "/v1/internal/bookings?from=2027-03-01T10:00", null), 400, "invalid_datetime");
        assertThat(admin(ACME_KEY, "GET", "/v1/internal/bookings?limit=200", null)
                        .json()
                        .path("items")
                        .size())
                .isGreaterThanOrEqualTo(14);
        assertThat(admin(GLOBEX_KEY, "GET", "/v1/internal/bookings?salesperson_id=" + seller, null)
                        .json()
                        .path("items")
                        .size())
                .as("another tenant's bookings")
                .isZero();
    }

    @Test
    void erasureCancelsFutureBookingsThroughTheirWorkflowsAndLeavesNoTraceOfTheCustomer() {
        UUID seller = newSalesperson();
        String email = "Erin.Erasable-" + UUID.randomUUID() + "@example.com";
        String name = "Erin \"E\" Erasable";
        String company = "Erasure Corp";
        UUID confirmed = confirmed(seller, slot(3, 10), email, name, company);
        UUID pending = pendingWith(seller, slot(4, 10), email, name, company);
        String meetingId = zoom.meetings().stream()
                .filter(m -> m.bookingId().equals(confirmed.toString()))
                .findFirst()
                .orElseThrow()
                .id();
        String eventId = jdbc.sql("SELECT event_id FROM graph_events WHERE booking_id = ?")
                .param(confirmed)
                .query(String.class)
                .single();
        assertThat(graph.events()).anyMatch(e -> e.id().equals(eventId));

        Response export = admin(ACME_KEY, "GET", "/v1/internal/customers/export?email=" + email, null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.json().path("customer").path("email").asString()).isEqualTo(email);
        assertThat(export.json().path("customer").path("company").asString()).isEqualTo(company);
        assertThat(export.json().path("bookings").size()).isEqualTo(2);
        assertThat(export.json().path("bookings").get(0).path("tracking_events").size())
                .isGreaterThan(0);
        assertProblem(
                admin(GLOBEX_KEY, "GET", "/v1/internal/customers/export?email=" + email, null),
                404,
                "customer_not_found");
        assertProblem(
                admin(GLOBEX_KEY, "POST", "/v1/internal/customers/erasure", "{\"email\":\"" + email + "\"}"),
                404,
                "customer_not_found");

        Response erased = admin(
                ACME_KEY, "POST", "/v1/internal/customers/erasure", "{\"email\":\"" + email.toLowerCase() + "\"}");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        UUID customerId = UUID.fromString(erased.text("customer_id"));
        assertThat(erased.json().path("bookings").size()).isEqualTo(2);

        assertThat(status(confirmed)).isEqualTo("canceled");
        assertThat(jdbc.sql("SELECT cancel_reason || '/' || canceled_by FROM bookings WHERE id = ?")
                        .param(confirmed)
                        .query(String.class)
                        .single())
                .isEqualTo("erasure/admin");
        assertThat(zoom.meetings())
                .as("the Zoom meeting deleted as on any cancel")
                .noneMatch(m -> m.id().equals(meetingId));
        assertThat(graph.events()).as("the Outlook event cancelled").noneMatch(e -> e.id().equals(eventId));
        assertThat(jdbc.sql("SELECT verify_token_jti FROM bookings WHERE id = ?")
                        .param(pending)
                        .query(String.class)
                        .optional())
                .as("the verify link of the unconfirmed booking stops working")
                .isEmpty();

        // no trace in any text column of any table
        List<String> hits = new ArrayList<>();
        List<String[]> columns = jdbc.sql("""
                        SELECT table_name, column_name FROM information_schema.columns
                         WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb')""")
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
        assertThat(columns).hasSizeGreaterThan(20);
        for (String[] c : columns) {
            for (String value : new String[] {email, "Erasable", company}) {
                int n = count(
                        "SELECT count(*) FROM " + c[0] + " WHERE strpos(lower(" + c[1] + "::text), lower(?)) > 0",
                        value);
                if (n > 0) {
                    hits.add(c[0] + "." + c[1] + " has " + value);
                }
            }
        }
        assertThat(hits).isEmpty();
        assertThat(count(
                        "SELECT count(*) FROM customers WHERE id = ? AND erased_at IS NOT NULL AND name = 'erased' AND company IS NULL",
                        customerId))
                .isEqualTo(1);
        assertThat(count("""
                SELECT count(*) FROM audit_logs WHERE action = 'customer.erased' AND target_id = ? AND actor_type = 'admin'
                   AND actor_id = 'a0000000-0000-4000-8000-000000000901'""", customerId.toString())).isEqualTo(1);

        // the verify link of the unconfirmed booking no longer confirms
        Response confirm =
                post("/v1/public/acme/confirm", key(), "{\"token\":\"" + tokenFromOutbox(email, "/verify") + "\"}");
        assertThat(confirm.status()).isIn(401, 409);
        assertThat(status(pending)).isEqualTo("pending_verify");

        assertProblem(
                admin(ACME_KEY, "POST", "/v1/internal/customers/erasure", "{\"email\":\"" + email + "\"}"),
                404,
                "customer_not_found");
        assertProblem(
                admin(ACME_KEY, "GET", "/v1/internal/customers/export?email=" + email, null),
                404,
                "customer_not_found");
        assertProblem(
                admin(ACME_KEY, "POST", "/v1/internal/customers/erasure", "{\"email\":\"not-an-email\"}"),
                400,
                "invalid_request");
        assertNoPersonalDataInAnyWorkflowHistory(temporal);
    }

    private UUID holdAt(UUID seller, Instant start) {
        Response hold = post(
                "/v1/public/acme/holds",
                key(),
                holdBody(seller, start, start.plus(Duration.ofHours(1)), email("page")));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        return UUID.fromString(hold.text("booking_id"));
    }

    private UUID pendingWith(UUID seller, Instant start, String email, String name, String company) {
        Response hold = post(
                "/v1/public/acme/holds",
                key(),
                hold(seller, start, Duration.ofHours(1), email, name.replace("\"", "\\\""), company));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        UUID id = UUID.fromString(hold.text("booking_id"));
        assertThat(post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + id + "\"}")
                        .status())
                .isEqualTo(200);
        return id;
    }

    private UUID confirmed(UUID seller, Instant start, String email, String name, String company) {
        UUID id = pendingWith(seller, start, email, name, company);
        Response confirm =
                post("/v1/public/acme/confirm", key(), "{\"token\":\"" + tokenFromOutbox(email, "/verify") + "\"}");
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        return id;
    }

    private static List<UUID> ids(Response page) {
        List<UUID> ids = new ArrayList<>();
        page.json()
                .path("items")
                .forEach(i -> ids.add(UUID.fromString(i.path("booking_id").asString())));
        return ids;
    }
}
