package com.salesbooking.local.system;

import com.salesbooking.workflows.sweeper.SweeperActivities;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a public booking endpoint meets on day one: hostile and broken input on every public field, links fetched by
 * mail scanners, a suspended tenant, and the idempotency keys that would otherwise pile up.
 */
class AbuseAndBadInputTest extends SystemTestSupport {

    @Autowired
    SweeperActivities sweeper;

    // ---------------------------------------------------------------------------------------------- bad input

    /** A value put into one field of an otherwise valid request. */
    record Mutation(String name, Object value) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Characters of the categories Cc, Cf, Zl and Zp, each inside an otherwise harmless value. */
    static final List<String> FORBIDDEN_CHARACTERS =
            List.of("\u0000", "\u0001", "\r\n", "\u007f", "\u0085", "\u200b", "\u202e", "\ufeff", "\u2028", "\u2029");

    /** Mutations every field gets: wrong JSON types, oversized text, forbidden characters. */
    static List<Mutation> everyField(String harmless) {
        List<Mutation> m = new ArrayList<>(List.of(
                new Mutation("number", 123),
                new Mutation("decimal", 1.5),
                new Mutation("boolean", true),
                new Mutation("array", List.of("a")),
                new Mutation("object", Map.of("a", 1)),
                new Mutation("5,000 characters", "x".repeat(5_000)),
                new Mutation("70,000 characters (over the body limit)", "x".repeat(70_000))));
        for (String c : FORBIDDEN_CHARACTERS) {
            m.add(new Mutation(
                    "U+" + String.format("%04X", (int) c.charAt(0)),
                    harmless.substring(0, 2) + c + harmless.substring(2)));
        }
        return m;
    }

    /** Mutations for a required field: also missing, empty and blank. */
    static List<Mutation> requiredField(String harmless) {
        List<Mutation> m = new ArrayList<>(everyField(harmless));
        m.add(new Mutation("null", null));
        m.add(new Mutation("empty", ""));
        m.add(new Mutation("blank", "   "));
        return m;
    }

    /** Mutations for a date-time field: also unparsable, without offset and outside the years 2000-2100. */
    static List<Mutation> dateTimeField(String harmless) {
        List<Mutation> m = new ArrayList<>(requiredField(harmless));
        m.add(new Mutation("year +999999999", "+999999999-12-31T23:59:59Z"));
        m.add(new Mutation("year -999999999", "-999999999-01-01T00:00:00Z"));
        m.add(new Mutation("year 1999", "1999-12-31T23:00:00Z"));
        m.add(new Mutation("year 2101", "2101-01-01T00:00:00Z"));
        m.add(new Mutation("no offset", "2027-03-10T10:00:00"));
        m.add(new Mutation("not a date", "tomorrow"));
        return m;
    }

    static List<Mutation> objectField() {
        return List.of(
                new Mutation("null", null),
                new Mutation("empty string", ""),
                new Mutation("string", "pat@example.com"),
                new Mutation("number", 7),
                new Mutation("array", List.of()),
                new Mutation("array of object", List.of(Map.of("email", "pat@example.com"))));
    }

    @Test
    @SendsInvalidRequests
    void everyPublicFieldAnswersBadInputWith4xxProblemJsonAndWritesNothing() {
        UUID seller = newSalesperson();
        Instant start = slot(3, 10);
        String email = email("valid");
        Map<String, Object> hold = new LinkedHashMap<>(Map.of(
                "salesperson_id",
                seller.toString(),
                "start_at",
                start.toString(),
                "end_at",
                start.plus(Duration.ofHours(1)).toString()));
        hold.put("customer", new LinkedHashMap<>(Map.of("email", email, "name", "Pat Doe", "company", "Initech")));
        String bookingId = UUID.randomUUID().toString();
        Map<String, Object> reschedule = new LinkedHashMap<>(Map.of(
                "token",
                "a.b.c",
                "new_start_at",
                slot(4, 10).toString(),
                "new_end_at",
                slot(4, 11).toString()));

        record Target(String path, Map<String, Object> base, String field, List<Mutation> mutations) {}
        List<Target> targets = List.of(
                new Target("/v1/public/acme/holds", hold, "salesperson_id", requiredField(seller.toString())),
                new Target("/v1/public/acme/holds", hold, "start_at", dateTimeField(start.toString())),
                new Target(
                        "/v1/public/acme/holds",
                        hold,
                        "end_at",
                        dateTimeField(start.plus(Duration.ofHours(1)).toString())),
                new Target("/v1/public/acme/holds", hold, "customer", objectField()),
                new Target("/v1/public/acme/holds", hold, "customer.email", requiredField(email)),
                new Target("/v1/public/acme/holds", hold, "customer.name", everyField("Pat Doe")),
                new Target("/v1/public/acme/holds", hold, "customer.company", everyField("Initech")),
                new Target(
                        "/v1/public/acme/auth/verify-email",
                        Map.of("booking_id", bookingId),
                        "booking_id",
                        requiredField(bookingId)),
                new Target("/v1/public/acme/confirm", Map.of("token", "a.b.c"), "token", requiredField("a.b.c")),
                new Target(
                        "/v1/public/acme/bookings/" + bookingId + "/cancel",
                        Map.of("token", "a.b.c"),
                        "token",
                        requiredField("a.b.c")),
                new Target(
                        "/v1/public/acme/bookings/" + bookingId + "/reschedule",
                        reschedule,
                        "token",
                        requiredField("a.b.c")),
                new Target(
                        "/v1/public/acme/bookings/" + bookingId + "/reschedule",
                        reschedule,
                        "new_start_at",
                        dateTimeField(slot(4, 10).toString())),
                new Target(
                        "/v1/public/acme/bookings/" + bookingId + "/reschedule",
                        reschedule,
                        "new_end_at",
                        dateTimeField(slot(4, 11).toString())));
        int written = rowsWritten();
        List<String> failures = new ArrayList<>();
        int cases = 0;

        for (Target target : targets) {
            for (Mutation mutation : target.mutations()) {
                Map<String, Object> body = with(target.base(), target.field(), mutation.value());
                Response r = post(target.path(), key(), JSON.writeValueAsString(body));
                cases++;
                check(
                        failures,
                        target.path() + " " + target.field() + "=" + mutation,
                        r,
                        target.path().endsWith("/holds"));
            }
        }
        // whole bodies of the wrong shape
        for (String body : List.of("[]", "[{}]", "\"text\"", "42", "null", "{", "{\"customer\":{\"email\":[]}}")) {
            Response r = post("/v1/public/acme/holds", key(), body);
            cases++;
            check(failures, "/holds body " + body, r, true);
        }
        // query parameters of the GET endpoints
        for (String value : List.of("", "x".repeat(5_000), "2027-03-10\u0000", "+999999999-12-31", "\u202e", "[]")) {
            String q = URLEncoder.encode(value, StandardCharsets.UTF_8);
            List<String> paths = new ArrayList<>(List.of(
                    "/v1/public/acme/availability?salesperson=" + seller + "&date=" + q,
                    "/v1/public/acme/availability?salesperson=" + q + "&date=2027-03-10",
                    "/v1/public/acme/bookings/" + bookingId + "?token=" + q));
            if (value.indexOf('\u0000') < 0) {
                // (an encoded NUL in a path is refused by Tomcat itself, before the application, with its own 400)
                paths.add("/v1/public/acme/bookings/" + q + "?token=a.b.c");
            }
            for (String path : paths) {
                Response r = get(path);
                cases++;
                check(failures, "GET " + path.substring(0, Math.min(path.length(), 120)), r, false);
            }
        }

        assertThat(failures).as("of " + cases + " cases").isEmpty();
        assertThat(rowsWritten()).as("rows written by bad requests").isEqualTo(written);
        // the valid request itself is accepted: the mutations, not the base, were refused
        Response valid = post("/v1/public/acme/holds", key(), JSON.writeValueAsString(hold));
        assertThat(valid.status()).as(valid.body()).isEqualTo(201);
    }

    /** A 4xx problem+json with a code; for holds (a valid base would be placed) always 400 or 413. */
    private static void check(List<String> failures, String what, Response r, boolean holds) {
        boolean ok = r.status() >= 400
                && r.status() < 500
                && r.contentType().startsWith("application/problem+json")
                && r.json() != null
                && r.text("code") != null
                && (!holds || r.status() == 400 || r.status() == 413);
        if (!ok) {
            failures.add(what + " -> " + r.status() + " " + r.contentType() + " "
                    + r.body().substring(0, Math.min(r.body().length(), 200)));
        }
    }

    /** A copy of {@code base} with the (dotted) field set to the value; null removes nothing: it writes JSON null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>();
        base.forEach((k, v) ->
                copy.put(k, v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : v));
        String[] path = field.split("\\.");
        Map<String, Object> target = copy;
        for (int i = 0; i < path.length - 1; i++) {
            target = (Map<String, Object>) target.get(path[i]);
        }
        target.put(path[path.length - 1], value);
        return copy;
    }

    private int rowsWritten() {
        // (audit_logs is left out: workflows of earlier tests may still be writing theirs)
        return count("SELECT (SELECT count(*) FROM bookings) + (SELECT count(*) FROM customers)"
                + " + (SELECT count(*) FROM idempotency_keys)");
    }

    @Test
    @SendsInvalidRequests
    void theProbesFindingsAnswer400NamingTheField() {
        UUID seller = newSalesperson();
        Instant start = slot(3, 12);
        String end = start.plus(Duration.ofHours(1)).toString();
        record Probe(String body, int status, String code, String field) {}
        String customer = "{\"email\":\"%s\",\"name\":\"%s\"}";
        List<Probe> probes = List.of(
                new Probe(
                        hold(seller, start.toString(), end, customer.formatted("pat\\u0000@example.com", "Pat")),
                        400,
                        "invalid_request",
                        "customer.email"),
                new Probe(
                        hold(seller, start.toString(), end, customer.formatted("pat\\u0001@example.com", "Pat")),
                        400,
                        "invalid_request",
                        "customer.email"),
                new Probe(
                        hold(seller, start.toString(), end, customer.formatted("pat\\u007f@example.com", "Pat")),
                        400,
                        "invalid_request",
                        "customer.email"),
                new Probe(
                        hold(
                                seller,
                                start.toString(),
                                end,
                                customer.formatted("<script>alert(1)</script>@example.com", "Pat")),
                        400,
                        "invalid_request",
                        "customer.email"),
                new Probe(
                        hold(seller, start.toString(), end, customer.formatted("pat@example.com", "Pat\\u2028Doe")),
                        400,
                        "invalid_request",
                        "customer.name"),
                new Probe(
                        hold(seller, start.toString(), end, customer.formatted("pat@example.com", "Pat\\u202eeoD")),
                        400,
                        "invalid_request",
                        "customer.name"),
                new Probe(
                        hold(seller, start.toString(), end, customer.formatted("pat@example.com", "Pat\\u0085Doe")),
                        400,
                        "invalid_request",
                        "customer.name"),
                new Probe(
                        hold(seller, "+999999999-12-31T23:59:59Z", end, customer.formatted("pat@example.com", "Pat")),
                        400,
                        "invalid_datetime",
                        "start_at"));
        int written = rowsWritten();

        for (Probe probe : probes) {
            Response r = post("/v1/public/acme/holds", key(), probe.body());
            assertThat(r.status()).as(probe.body() + " -> " + r.body()).isEqualTo(probe.status());
            assertThat(r.text("code")).as(probe.body()).isEqualTo(probe.code());
            assertThat(r.text("field")).as(probe.body()).isEqualTo(probe.field());
        }
        Response missing = post(
                "/v1/public/acme/bookings/" + UUID.randomUUID() + "/reschedule",
                key(),
                "{\"token\":\"a.b.c\",\"new_end_at\":\"" + end + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("code")).isEqualTo("invalid_request");
        assertThat(missing.text("field")).isEqualTo("new_start_at");

        assertThat(rowsWritten()).isEqualTo(written);
    }

    private static String hold(UUID seller, String start, String end, String customer) {
        return "{\"salesperson_id\":\"%s\",\"start_at\":\"%s\",\"end_at\":\"%s\",\"customer\":%s}"
                .formatted(seller, start, end, customer);
    }

    @Test
    void addressesExchangeAcceptsAreAcceptedStillAndTrimmed() {
        UUID seller = newSalesperson();
        List<String> addresses =
                List.of("o'brien+tag@example.com", "first.last@sub.example.co.uk", "x_y-z@xn--bcher-kva.example");
        for (int i = 0; i < addresses.size(); i++) {
            Instant start = slot(5, 9 + 2 * i);
            Response r = post(
                    "/v1/public/acme/holds",
                    key(),
                    holdBody(seller, start, start.plus(Duration.ofHours(1)), "  " + addresses.get(i) + " "));
            assertThat(r.status()).as(addresses.get(i) + " " + r.body()).isEqualTo(201);
        }
    }

    // ---------------------------------------------------------------------------------------------- links

    @Test
    void aVerifyLinkReadsTheBookingOnlyUntilItIsUsedAndNeverShowsTheJoinUrl() {
        String email = email("scanner");
        UUID id = pendingBooking("acme", newSalesperson(), slot(3, 14), email);
        String verify = tokenFromOutbox(email, "/verify");

        Response before = get("/v1/public/acme/bookings/" + id + "?token=" + verify);
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(before.text("status")).isEqualTo("pending_verify");
        assertThat(before.text("join_url")).isNull();

        Response confirm = post("/v1/public/acme/confirm", key(), "{\"token\":\"" + verify + "\"}");
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.text("join_url")).isNotNull();

        // a mail scanner fetching the link after the customer used it learns nothing, the join URL least of all
        Response after = get("/v1/public/acme/bookings/" + id + "?token=" + verify);
        assertThat(after.status()).as(after.body()).isEqualTo(409);
        assertThat(after.text("code")).isEqualTo("token_used");
        assertThat(after.body()).doesNotContain(confirm.text("join_url"));
    }

    @Test
    void theManageLinkShowsTheBookingAndItsJoinUrlUntilTheMeetingEndsWhileChangesCloseAtTheDeadline() {
        String email = email("manage");
        UUID id = confirmedBooking(newSalesperson(), slot(3, 16), email);
        String manage = tokenFromOutbox(email, "/manage");
        Instant start = Instant.parse(
                get("/v1/public/acme/bookings/" + id + "?token=" + manage).text("start_at"));

        // the last hour before the meeting: exactly when the customer looks for the join link
        skip(Duration.between(now(), start.minus(Duration.ofHours(1))));
        Response view = get("/v1/public/acme/bookings/" + id + "?token=" + manage);
        assertThat(view.status()).as(view.body()).isEqualTo(200);
        assertThat(view.text("join_url")).isNotBlank();
        Response cancel = post("/v1/public/acme/bookings/" + id + "/cancel", key(), "{\"token\":\"" + manage + "\"}");
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
        assertThat(cancel.text("code")).isEqualTo("cancel_deadline_passed");
        assertThat(status(id)).isEqualTo("confirmed");

        // after the meeting the link has done its work
        skip(Duration.ofHours(2).plusMinutes(1));
        assertThat(get("/v1/public/acme/bookings/" + id + "?token=" + manage).status())
                .isEqualTo(401);
    }

    // ---------------------------------------------------------------------------------------------- tenants

    @Test
    void aSuspendedTenantsPublicEndpointsAnswer404TenantNotFound() {
        String slot = slot(CARLA_ZONE, 3, 10).toString();
        List<String> paths = List.of(
                "/v1/public/globex/salespersons",
                "/v1/public/globex/availability?salesperson=" + CARLA + "&date=2027-03-10",
                "/v1/public/globex/bookings/" + UUID.randomUUID() + "?token=a.b.c");
        assertThat(get(paths.get(0)).status()).as("globex while active").isEqualTo(200);
        jdbc.sql("UPDATE tenants SET status = 'suspended' WHERE id = ?")
                .param(GLOBEX)
                .update();
        try {
            for (String path : paths) {
                Response r = get(path);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.text("code")).as(path).isEqualTo("tenant_not_found");
            }
            Response hold = post(
                    "/v1/public/globex/holds",
                    key(),
                    "{\"salesperson_id\":\"%s\",\"start_at\":\"%s\",\"end_at\":\"%s\",\"customer\":{\"email\":\"%s\"}}"
                            .formatted(CARLA, slot, Instant.parse(slot).plus(Duration.ofHours(1)), email("suspended")));
            assertThat(hold.status()).isEqualTo(404);
            assertThat(hold.text("code")).isEqualTo("tenant_not_found");
        } finally {
            jdbc.sql("UPDATE tenants SET status = 'active' WHERE id = ?")
                    .param(GLOBEX)
                    .update();
        }
    }

    private static final java.time.ZoneId CARLA_ZONE = java.time.ZoneId.of("America/Chicago");

    // ---------------------------------------------------------------------------------------------- housekeeping

    @Test
    void theSweeperPurgesExpiredIdempotencyKeysInBoundedBatchesAndKeepsLiveOnes() {
        Instant now = now();
        int expired = 1_234;
        for (int i = 0; i < expired; i++) {
            insertKey(
                    "purge-old-" + i + "-" + UUID.randomUUID(),
                    now.minus(Duration.ofHours(25)),
                    now.minus(Duration.ofHours(1)));
        }
        String live = "purge-live-" + UUID.randomUUID();
        insertKey(live, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(23)));

        int purged = sweeper.purgeExpiredIdempotencyKeys();

        assertThat(purged).isGreaterThanOrEqualTo(expired);
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE expires_at < ?", Timestamp.from(now)))
                .isZero();
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE key = ?", live))
                .isEqualTo(1);
        assertThat(sweeper.purgeExpiredIdempotencyKeys())
                .as("a second round finds nothing left")
                .isZero();
    }

    private void insertKey(String key, Instant created, Instant expires) {
        jdbc.sql("""
                        INSERT INTO idempotency_keys (tenant_id, key, request_hash, state, response_status, response_body,
                                                      created_at, expires_at)
                        VALUES (?, ?, 'h', 'completed', 201, '{"booking_id":"x"}', ?, ?)""")
                .params(ACME, key, Timestamp.from(created), Timestamp.from(expires))
                .update();
    }
}
