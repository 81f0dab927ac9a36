package com.salesbooking.local.admin;

import com.salesbooking.local.system.SystemTestSupport;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP helpers for the operator's and the tenant admin's endpoints, with local mode's keys. */
abstract class AdminApiSupport extends SystemTestSupport {

    static final String OPERATOR_KEY = "local-operator-key";
    static final String ACME_KEY = "local-admin-key";
    static final String GLOBEX_KEY = "local-admin-key-globex";

    /** A request with headers given as name, value, name, value... */
    Response call(String method, String path, String jsonBody, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(request);
    }

    Response operator(String method, String path, String jsonBody) {
        return call(method, path, jsonBody, "X-Operator-Key", OPERATOR_KEY);
    }

    Response admin(String key, String method, String path, String jsonBody) {
        return call(method, path, jsonBody, "X-Admin-Api-Key", key);
    }

    static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo(code);
    }

    /** A new tenant through the operator's API; returns {tenant id, slug, admin key}. */
    String[] newTenant(String settingsJson) {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = operator("POST", "/v1/internal/tenants", """
                {"name":"Initrode %s","slug":"%s","timezone":"Europe/Berlin","meeting_provider":"zoom",
                 "shared_mailbox":"bookings@initrode.example","booking_page_url":"https://book.initrode.example"%s}""".formatted(
                        slug, slug, settingsJson == null ? "" : ",\"settings\":" + settingsJson));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("slug")).isEqualTo(slug);
        return new String[] {created.text("tenant_id"), slug, created.text("admin_api_key")};
    }

    /** The start times (UTC) of the salesperson's free slots on the local date of {@code day} in Berlin. */
    java.util.List<Instant> slotStarts(String slug, UUID salesperson, LocalDate day) {
        Response availability = get("/v1/public/" + slug + "/availability?salesperson=" + salesperson + "&date=" + day);
        assertThat(availability.status()).as(availability.body()).isEqualTo(200);
        java.util.List<Instant> starts = new java.util.ArrayList<>();
        availability
                .json()
                .path("slots")
                .forEach(s -> starts.add(Instant.parse(s.path("start_at").asString())));
        return starts;
    }

    LocalDate weekday(int ahead) {
        return slot(ahead, 12).atZone(BERLIN).toLocalDate();
    }

    static String hold(UUID salesperson, Instant start, Duration length, String email, String name, String company) {
        return """
                {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"%s","name":"%s","company":"%s"}}""".formatted(salesperson, start, start.plus(length), email, name, company);
    }

    static ZoneId berlin() {
        return BERLIN;
    }
}
