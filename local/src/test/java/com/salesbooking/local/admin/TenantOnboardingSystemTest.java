package com.salesbooking.local.admin;

import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 over HTTP on the real stack: the operator onboards a tenant, its admin adds a salesperson, and the tenant
 * then serves availability and takes a booking end to end; settings changes and deactivation apply at once; the
 * scopes answer 401/403/404 as documented; Microsoft 365 consent goes through the signed state.
 */
// the scope and validation tests send requests the document forbids on purpose; every answer is still checked
@com.salesbooking.local.system.SendsInvalidRequests
class TenantOnboardingSystemTest extends AdminApiSupport {

    @Test
    void aTenantCreatedThroughTheApiServesAvailabilityAndTakesABookingEndToEnd() {
        String[] tenant = newTenant("""
                {"slot_length_minutes":30,"buffer_minutes":0,
                 "working_hours":{"mon":["09:00-12:00","13:00-17:00"],"tue":["09:00-12:00","13:00-17:00"],
                   "wed":["09:00-12:00","13:00-17:00"],"thu":["09:00-12:00","13:00-17:00"],"fri":["09:00-12:00","13:00-17:00"]}}""");
        String slug = tenant[1];
        String key = tenant[2];

        Response created = admin(key, "POST", "/v1/internal/salespersons", """
                {"display_name":"Sam Seller","email":"sam-%s@initrode.example","timezone":"Europe/Berlin"}""".formatted(UUID.randomUUID()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID sam = UUID.fromString(created.text("id"));
        assertThat(created.text("subscription_workflow_id")).isEqualTo(GraphSubscriptionWorkflow.workflowId(sam));
        // the subscription workflow was started at once, not by the next sweeper round: it made the subscription
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(
                                "SELECT count(*) FROM graph_subscriptions WHERE salesperson_id = ? AND status = 'active'",
                                sam)
                        == 1);

        LocalDate day = weekday(3);
        List<Instant> starts = slotStarts(slug, sam, day);
        Instant nine = day.atTime(LocalTime.of(9, 0)).atZone(BERLIN).toInstant();
        assertThat(starts)
                .as("30-minute slots, none in the lunch break")
                .hasSize(14)
                .contains(nine, nine.plus(Duration.ofMinutes(30)))
                .doesNotContain(
                        day.atTime(12, 0).atZone(BERLIN).toInstant(),
                        day.atTime(12, 30).atZone(BERLIN).toInstant());

        String email = email("prospect");
        Response hold = post(
                "/v1/public/" + slug + "/holds",
                key(),
                hold(sam, nine, Duration.ofMinutes(30), email, "Pat Doe", "Initech"));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        UUID booking = UUID.fromString(hold.text("booking_id"));
        assertThat(post("/v1/public/" + slug + "/auth/verify-email", key(), "{\"booking_id\":\"" + booking + "\"}")
                        .status())
                .isEqualTo(200);
        Response confirm = post(
                "/v1/public/" + slug + "/confirm", key(), "{\"token\":\"" + tokenFromOutbox(email, "/verify") + "\"}");
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(zoom.meetings()).anyMatch(m -> m.bookingId().equals(booking.toString()));

        Response detail = admin(key, "GET", "/v1/internal/bookings/" + booking, null);
        assertThat(detail.status()).as(detail.body()).isEqualTo(200);
        assertThat(detail.text("status")).isEqualTo("confirmed");
        assertThat(detail.text("workflow_id")).isEqualTo("booking-" + booking);
        assertThat(detail.json().path("customer").path("email").asString()).isEqualTo(email);
        assertThat(detail.json().path("meeting").path("join_url").asString()).startsWith("https://");
        assertThat(detail.json().path("outlook_event").path("event_id").asString())
                .isNotBlank();
        List<String> types = new java.util.ArrayList<>();
        detail.json()
                .path("tracking_events")
                .forEach(e -> types.add(e.path("type").asString()));
        assertThat(types).startsWith("hold_created").contains("confirmed");
        assertThat(detail.json().path("audit_entries").size()).isGreaterThanOrEqualTo(types.size());

        // the tenant's settings change: availability uses them at once, the booking made stays as it is
        Response patched = admin(key, "PATCH", "/v1/internal/tenant", "{\"slot_length_minutes\":60}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("slot_length_minutes").asInt()).isEqualTo(60);
        assertThat(slotStarts(slug, sam, day))
                .as("hourly slots, the booked 09:00-09:30 blocks 09:00")
                .hasSize(6)
                .doesNotContain(nine);
        assertThat(status(booking)).isEqualTo("confirmed");

        // deactivation: no slots at once, the booking stays, the subscription workflow deletes the subscription
        Response deactivated = admin(key, "POST", "/v1/internal/salespersons/" + sam + "/deactivate", null);
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
        assertThat(deactivated.json().path("remaining_future_bookings").asInt()).isEqualTo(1);
        assertProblem(
                get("/v1/public/" + slug + "/availability?salesperson=" + sam + "&date=" + day),
                404,
                "salesperson_not_found");
        assertThat(get("/v1/public/" + slug + "/salespersons").json().size()).isZero();
        Response refused = post(
                "/v1/public/" + slug + "/holds",
                key(),
                hold(sam, nine.plus(Duration.ofHours(2)), Duration.ofMinutes(60), email("late"), "Pat Doe", "Initech"));
        assertProblem(refused, 404, "salesperson_not_found");
        assertThat(status(booking)).isEqualTo("confirmed");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(
                                "SELECT count(*) FROM graph_subscriptions WHERE salesperson_id = ? AND status = 'active'",
                                sam)
                        == 0);

        Response activated = admin(key, "POST", "/v1/internal/salespersons/" + sam + "/activate", null);
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        assertThat(slotStarts(slug, sam, day)).hasSize(6);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(
                                "SELECT count(*) FROM graph_subscriptions WHERE salesperson_id = ? AND status = 'active'",
                                sam)
                        == 1);

        // every write carried the key that made it
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'tenant.created' AND actor_type = 'operator' "
                                + "AND actor_id = 'local' AND target_id = ?",
                        tenant[0]))
                .isEqualTo(1);
        assertThat(count("""
                SELECT count(*) FROM audit_logs a JOIN admin_api_keys k ON k.id::text = a.actor_id
                 WHERE a.actor_type = 'admin' AND a.target_id = ? AND k.tenant_id = ?::uuid
                   AND a.action IN ('salesperson.created', 'salesperson.deactivated', 'salesperson.activated')""", sam.toString(), tenant[0])).isEqualTo(3);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'tenant.settings_updated' AND target_id = ?",
                        tenant[0]))
                .isEqualTo(1);
        assertNoPersonalDataInAnyWorkflowHistory(temporal);
    }

    @Test
    void operatorEndpointsAnswer401WithoutAKnownOperatorKeyAnd403ToAnAdminKey() {
        assertProblem(call("GET", "/v1/internal/tenants", null), 401, "unauthorized");
        assertProblem(call("GET", "/v1/internal/tenants", null, "X-Operator-Key", "not-a-key"), 401, "unauthorized");
        assertProblem(call("GET", "/v1/internal/tenants", null, "X-Admin-Api-Key", "not-a-key"), 401, "unauthorized");
        assertProblem(admin(ACME_KEY, "GET", "/v1/internal/tenants", null), 403, "forbidden");
        assertProblem(admin(ACME_KEY, "POST", "/v1/internal/tenants/" + ACME + "/suspend", null), 403, "forbidden");
        Response list = operator("GET", "/v1/internal/tenants", null);
        assertThat(list.status()).isEqualTo(200);
        List<String> slugs = new java.util.ArrayList<>();
        list.json().forEach(t -> slugs.add(t.path("slug").asString()));
        assertThat(slugs).contains("acme", "globex");
        assertProblem(operator("GET", "/v1/internal/tenants/" + UUID.randomUUID(), null), 404, "tenant_not_found");
        assertProblem(operator("GET", "/v1/internal/tenants/acme", null), 404, "tenant_not_found");
        Response acme = operator("GET", "/v1/internal/tenants/" + ACME, null);
        assertThat(acme.text("slug")).isEqualTo("acme");
        assertThat(acme.json().path("working_hours").path("mon").get(0).asString())
                .isEqualTo("09:00-17:00");
    }

    @Test
    void tenantAdminEndpointsAnswer401403And404AsDocumented() {
        assertProblem(call("GET", "/v1/internal/tenant", null), 401, "unauthorized");
        assertProblem(admin("not-a-key", "GET", "/v1/internal/tenant", null), 401, "unauthorized");
        assertProblem(operator("GET", "/v1/internal/tenant", null), 403, "forbidden");
        assertProblem(
                call("GET", "/v1/internal/salespersons", null, "X-Admin-Api-Key", ACME_KEY, "X-Tenant-Id", "globex"),
                403,
                "forbidden");
        assertProblem(
                call(
                        "GET",
                        "/v1/internal/salespersons",
                        null,
                        "X-Admin-Api-Key",
                        ACME_KEY,
                        "X-Tenant-Id",
                        GLOBEX.toString()),
                403,
                "forbidden");
        assertThat(call("GET", "/v1/internal/tenant", null, "X-Admin-Api-Key", ACME_KEY, "X-Tenant-Id", "acme")
                        .text("slug"))
                .isEqualTo("acme");
        assertThat(call("GET", "/v1/internal/tenant", null, "X-Admin-Api-Key", ACME_KEY, "X-Tenant-Id", ACME.toString())
                        .text("slug"))
                .isEqualTo("acme");
        assertThat(admin(GLOBEX_KEY, "GET", "/v1/internal/tenant", null).text("slug"))
                .isEqualTo("globex");
        // another tenant's resources do not exist for this key
        assertProblem(admin(ACME_KEY, "GET", "/v1/internal/salespersons/" + CARLA, null), 404, "salesperson_not_found");
        assertProblem(
                admin(ACME_KEY, "POST", "/v1/internal/salespersons/" + CARLA + "/deactivate", null),
                404,
                "salesperson_not_found");
        assertProblem(
                admin(ACME_KEY, "PATCH", "/v1/internal/salespersons/" + CARLA, "{\"display_name\":\"X\"}"),
                404,
                "salesperson_not_found");
        assertThat(count(
                        "SELECT count(*) FROM salespersons WHERE id = ? AND active AND display_name = 'Carla Diaz'",
                        CARLA))
                .isEqualTo(1);
        UUID globexKeyId = UUID.fromString("b0000000-0000-4000-8000-000000000901");
        assertProblem(admin(ACME_KEY, "DELETE", "/v1/internal/admin-keys/" + globexKeyId, null), 404, "not_found");
        assertProblem(
                admin(ACME_KEY, "GET", "/v1/internal/bookings/" + UUID.randomUUID(), null), 404, "booking_not_found");
    }

    @Test
    void aSuspendedTenantsAdminKeysAnswer403AndItsPublicPagesDisappearUntilActivated() {
        String[] tenant = newTenant(null);
        String key = tenant[2];
        assertThat(admin(key, "GET", "/v1/internal/tenant", null).status()).isEqualTo(200);
        Response suspended = operator("POST", "/v1/internal/tenants/" + tenant[0] + "/suspend", null);
        assertThat(suspended.text("status")).isEqualTo("suspended");
        assertProblem(admin(key, "GET", "/v1/internal/tenant", null), 403, "forbidden");
        assertProblem(admin(key, "GET", "/v1/internal/bookings", null), 403, "forbidden");
        assertProblem(get("/v1/public/" + tenant[1] + "/salespersons"), 404, "tenant_not_found");
        assertThat(operator("POST", "/v1/internal/tenants/" + tenant[0] + "/activate", null)
                        .text("status"))
                .isEqualTo("active");
        assertThat(admin(key, "GET", "/v1/internal/tenant", null).status()).isEqualTo(200);
        assertThat(get("/v1/public/" + tenant[1] + "/salespersons").status()).isEqualTo(200);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE target_id = ? AND action IN ('tenant.suspended', 'tenant.activated') "
                                + "AND actor_type = 'operator' AND actor_id = 'local'",
                        tenant[0]))
                .isEqualTo(2);
    }

    @Test
    void invalidTenantAndSalespersonInputIs400NamingTheFieldAndWritesNothing() {
        int tenants = count("SELECT count(*) FROM tenants");
        String valid = """
                {"name":"Valid","slug":"%s","timezone":"Europe/Berlin","meeting_provider":"teams","shared_mailbox":"a@b.example"}""";
        assertField(operator("POST", "/v1/internal/tenants", valid.formatted("X")), "slug");
        assertField(operator("POST", "/v1/internal/tenants", valid.formatted("-abc")), "slug");
        assertField(operator("POST", "/v1/internal/tenants", valid.formatted("a".repeat(41))), "slug");
        assertField(
                operator(
                        "POST",
                        "/v1/internal/tenants",
                        valid.formatted("valid-one").replace("Europe/Berlin", "+01:00")),
                "timezone");
        assertField(
                operator(
                        "POST",
                        "/v1/internal/tenants",
                        valid.formatted("valid-one").replace("Europe/Berlin", "Mars/Base")),
                "timezone");
        assertField(
                operator(
                        "POST",
                        "/v1/internal/tenants",
                        valid.formatted("valid-one").replace("teams", "skype")),
                "meeting_provider");
        assertField(
                operator(
                        "POST",
                        "/v1/internal/tenants",
                        valid.formatted("valid-one").replace("a@b.example", "nope")),
                "shared_mailbox");
        assertField(
                operator(
                        "POST",
                        "/v1/internal/tenants",
                        valid.formatted("valid-one")
                                .replace(
                                        "}",
                                        ",\"settings\":{\"working_hours\":{\"mon\":[\"09:00-12:00\",\"11:00-13:00\"]}}}")),
                "settings.working_hours");
        assertField(
                operator(
                        "POST",
                        "/v1/internal/tenants",
                        valid.formatted("valid-one").replace("}", ",\"settings\":{\"slot_length_minutes\":1}}")),
                "settings.slot_length_minutes");
        assertProblem(operator("POST", "/v1/internal/tenants", valid.formatted("acme")), 409, "already_exists");
        assertThat(count("SELECT count(*) FROM tenants")).as("nothing written").isEqualTo(tenants);

        String before = admin(ACME_KEY, "GET", "/v1/internal/tenant", null).body();
        assertField(admin(ACME_KEY, "PATCH", "/v1/internal/tenant", "{\"buffer_minutes\":-1}"), "buffer_minutes");
        assertField(
                admin(ACME_KEY, "PATCH", "/v1/internal/tenant", "{\"maximum_advance_days\":0}"),
                "maximum_advance_days");
        assertField(
                admin(ACME_KEY, "PATCH", "/v1/internal/tenant", "{\"working_hours\":{\"monday\":[\"09:00-17:00\"]}}"),
                "working_hours");
        assertField(
                admin(ACME_KEY, "PATCH", "/v1/internal/tenant", "{\"working_hours\":{\"mon\":[\"17:00-09:00\"]}}"),
                "working_hours");
        assertField(
                admin(ACME_KEY, "PATCH", "/v1/internal/tenant", "{\"booking_page_url\":\"javascript:alert(1)\"}"),
                "booking_page_url");
        assertThat(admin(ACME_KEY, "GET", "/v1/internal/tenant", null).body()).isEqualTo(before);

        int salespersons = count("SELECT count(*) FROM salespersons");
        assertField(
                admin(
                        ACME_KEY,
                        "POST",
                        "/v1/internal/salespersons",
                        "{\"email\":\"x@y.example\",\"timezone\":\"Europe/Berlin\"}"),
                "display_name");
        assertField(
                admin(
                        ACME_KEY,
                        "POST",
                        "/v1/internal/salespersons",
                        "{\"display_name\":\"X\",\"email\":\"xy\",\"timezone\":\"Europe/Berlin\"}"),
                "email");
        assertField(
                admin(
                        ACME_KEY,
                        "POST",
                        "/v1/internal/salespersons",
                        "{\"display_name\":\"X\",\"email\":\"x@y.example\",\"timezone\":\"CET-ish\"}"),
                "timezone");
        assertField(
                admin(
                        ACME_KEY,
                        "POST",
                        "/v1/internal/salespersons",
                        "{\"display_name\":\"X\",\"email\":\"x@y.example\",\"timezone\":\"UTC\",\"graph_user_id\":\"a/b\"}"),
                "graph_user_id");
        assertProblem(
                admin(
                        ACME_KEY,
                        "POST",
                        "/v1/internal/salespersons",
                        "{\"display_name\":\"Anna Again\",\"email\":\"anna.berlin@acme.example\",\"timezone\":\"Europe/Berlin\"}"),
                409,
                "already_exists");
        assertThat(count("SELECT count(*) FROM salespersons"))
                .as("nothing written")
                .isEqualTo(salespersons);
    }

    @Test
    void adminKeysAreShownOnceListedWithoutTheKeyRevokedAtOnceAndTheLastOneIsKept() {
        String[] tenant = newTenant(null);
        String first = tenant[2];
        Response created = admin(first, "POST", "/v1/internal/admin-keys", "{\"label\":\"ci pipeline\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String second = created.text("api_key");
        UUID secondId = UUID.fromString(created.text("key_id"));
        assertThat(count(
                        "SELECT count(*) FROM admin_api_keys WHERE key_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')",
                        second))
                .as("stored as its hash")
                .isEqualTo(1);
        Response list = admin(second, "GET", "/v1/internal/admin-keys", null);
        assertThat(list.json().size()).isEqualTo(2);
        assertThat(list.body()).doesNotContain(first, second).contains("ci pipeline", "last_used_at");
        UUID firstId = UUID.fromString(list.json().get(0).path("key_id").asString());

        assertThat(admin(second, "DELETE", "/v1/internal/admin-keys/" + firstId, null)
                        .status())
                .isEqualTo(204);
        assertProblem(admin(first, "GET", "/v1/internal/tenant", null), 401, "unauthorized");
        assertProblem(admin(second, "DELETE", "/v1/internal/admin-keys/" + secondId, null), 409, "invalid_state");
        assertThat(admin(second, "GET", "/v1/internal/tenant", null).status()).isEqualTo(200);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action IN ('admin_key.created', 'admin_key.deleted') AND actor_id IN (?, ?)",
                        firstId.toString(),
                        secondId.toString()))
                .isEqualTo(2);
    }

    @Test
    void microsoft365ConsentRecordsTheEntraTenantOnceThroughTheSignedState() {
        String[] tenant = newTenant(null);
        Response link = operator("GET", "/v1/internal/tenants/" + tenant[0] + "/m365-consent-url", null);
        assertThat(link.status()).as(link.body()).isEqualTo(200);
        String url = link.text("consent_url");
        assertThat(url)
                .startsWith("https://login.microsoftonline.com/organizations/v2.0/adminconsent?client_id=")
                .contains("redirect_uri=http://booking.test/v1/onboarding/m365/callback");
        String state = java.net.URLDecoder.decode(
                url.replaceAll(".*[?&]state=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        String entra = UUID.randomUUID().toString();

        Response forged =
                get("/v1/onboarding/m365/callback?admin_consent=True&tenant=" + entra + "&state=" + state + "x");
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.contentType()).startsWith("text/html");
        Response ok = get("/v1/onboarding/m365/callback?admin_consent=True&tenant=" + entra + "&state=" + state);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("connected");
        assertThat(operator("GET", "/v1/internal/tenants/" + tenant[0], null).text("m365_tenant_id"))
                .isEqualTo(entra);
        Response replay =
                get("/v1/onboarding/m365/callback?admin_consent=True&tenant=" + UUID.randomUUID() + "&state=" + state);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(operator("GET", "/v1/internal/tenants/" + tenant[0], null).text("m365_tenant_id"))
                .isEqualTo(entra);

        String next = operator("GET", "/v1/internal/tenants/" + tenant[0] + "/m365-consent-url", null)
                .text("consent_url");
        String nextState = java.net.URLDecoder.decode(
                next.replaceAll(".*[?&]state=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        Response denied =
                get("/v1/onboarding/m365/callback?error=access_denied&error_description=refused&state=" + nextState);
        assertThat(denied.status()).isEqualTo(200);
        assertThat(denied.body()).contains("not granted");
        assertThat(operator("GET", "/v1/internal/tenants/" + tenant[0], null).text("m365_tenant_id"))
                .as("nothing stored")
                .isEqualTo(entra);
        assertThat(get("/v1/onboarding/m365/callback?admin_consent=True&tenant=" + UUID.randomUUID() + "&state="
                                + nextState)
                        .status())
                .as("a refused link is used up")
                .isEqualTo(400);
    }

    @Test
    void everyOperatorAndTenantAdminOperationIsInTheOpenApiDocumentWithItsKeyAndProblems() {
        var paths = get("/v3/api-docs").json().path("paths");
        String[][] operations = {
            {"post", "/v1/internal/tenants", "operatorKey", "201"},
            {"get", "/v1/internal/tenants", "operatorKey", "200"},
            {"get", "/v1/internal/tenants/{tenantId}", "operatorKey", "200"},
            {"patch", "/v1/internal/tenants/{tenantId}", "operatorKey", "200"},
            {"post", "/v1/internal/tenants/{tenantId}/suspend", "operatorKey", "200"},
            {"post", "/v1/internal/tenants/{tenantId}/activate", "operatorKey", "200"},
            {"get", "/v1/internal/tenants/{tenantId}/m365-consent-url", "operatorKey", "200"},
            {"get", "/v1/internal/tenant", "adminApiKey", "200"},
            {"patch", "/v1/internal/tenant", "adminApiKey", "200"},
            {"post", "/v1/internal/salespersons", "adminApiKey", "201"},
            {"get", "/v1/internal/salespersons", "adminApiKey", "200"},
            {"get", "/v1/internal/salespersons/{salespersonId}", "adminApiKey", "200"},
            {"patch", "/v1/internal/salespersons/{salespersonId}", "adminApiKey", "200"},
            {"post", "/v1/internal/salespersons/{salespersonId}/deactivate", "adminApiKey", "200"},
            {"post", "/v1/internal/salespersons/{salespersonId}/activate", "adminApiKey", "200"},
            {"post", "/v1/internal/admin-keys", "adminApiKey", "201"},
            {"get", "/v1/internal/admin-keys", "adminApiKey", "200"},
            {"delete", "/v1/internal/admin-keys/{keyId}", "adminApiKey", "204"},
            {"get", "/v1/internal/bookings", "adminApiKey", "200"},
            {"get", "/v1/internal/bookings/{bookingId}", "adminApiKey", "200"},
            {"get", "/v1/internal/customers/export", "adminApiKey", "200"},
            {"post", "/v1/internal/customers/erasure", "adminApiKey", "200"}
        };
        for (String[] o : operations) {
            var op = paths.path(o[1]).path(o[0]);
            String name = o[0] + " " + o[1];
            assertThat(op.path("summary").asString()).as(name).isNotBlank();
            assertThat(op.path("security").toString()).as(name + " security").contains(o[2]);
            assertThat(op.path("responses").has(o[3])).as(name + " success").isTrue();
            assertThat(op.path("responses").path("401").path("x-problem-codes").toString())
                    .as(name + " 401")
                    .contains("unauthorized");
            assertThat(op.path("responses").path("403").path("x-problem-codes").toString())
                    .as(name + " 403")
                    .contains("forbidden");
            op.path("parameters").forEach(p -> {
                if (p.path("name").asString().equals("X-Tenant-Id")) {
                    assertThat(p.path("required").asBoolean())
                            .as(name + " X-Tenant-Id optional")
                            .isFalse();
                }
            });
        }
        assertThat(paths.path("/v1/onboarding/m365/callback").path("get").isObject())
                .isTrue();
        assertThat(paths.path("/v1/internal/tenants")
                        .path("post")
                        .path("requestBody")
                        .toString())
                .contains("CreateTenantRequest");
    }

    private static void assertField(Response response, String field) {
        assertProblem(response, 400, "invalid_request");
        assertThat(response.text("field")).as(response.body()).isEqualTo(field);
    }
}
