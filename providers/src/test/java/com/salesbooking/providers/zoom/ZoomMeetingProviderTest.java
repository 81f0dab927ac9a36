package com.salesbooking.providers.zoom;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.meeting.MeetingProvider.CreatedMeeting;
import com.salesbooking.providers.meeting.MeetingProvider.MeetingRequest;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;

import static com.salesbooking.providers.zoom.ZoomFake.body;
import static com.salesbooking.providers.zoom.ZoomFake.json;
import static com.salesbooking.providers.zoom.ZoomFake.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ZoomMeetingProviderTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String CREATED = """
            {"id": 85746065432, "uuid": "aDYlohsHRtCd4ii1uC2+hA==", "type": 2,
             "join_url": "https://zoom.example/j/85746065432?pwd=abc",
             "start_url": "https://zoom.example/s/85746065432?zak=secret-host-key"}""";

    private ZoomFake zoom;
    private MutableClock clock;
    private ZoomMeetingProvider provider;

    @BeforeEach
    void start() throws IOException {
        zoom = new ZoomFake();
        clock = new MutableClock(Instant.parse("2027-03-20T09:00:00Z"));
        provider = new ZoomMeetingProvider(zoom.properties(null), clock);
    }

    @AfterEach
    void stop() {
        zoom.close();
    }

    private static MeetingRequest meetingAt(Instant startUtc, ZoneId zone) {
        return new MeetingRequest(
                "bk-4711", "Sales call with Acme", "Product demo", startUtc, Duration.ofMinutes(60), zone, null);
    }

    @ParameterizedTest(name = "{0} {1} local -> {2}")
    @CsvSource({
        // DST starts in Berlin on 2027-03-28 (02:00 -> 03:00): 10:00 is CEST, UTC+2
        "Europe/Berlin,    2027-03-28T10:00, 2027-03-28T08:00:00Z",
        // DST starts in New York on 2027-03-14 (02:00 -> 03:00): 10:00 is EDT, UTC-4
        "America/New_York, 2027-03-14T10:00, 2027-03-14T14:00:00Z"
    })
    void createMeetingSendsUtcStartAndIanaTimezone(String zoneId, String localStart, String expectedUtc)
            throws InterruptedException {
        ZoneId zone = ZoneId.of(zoneId);
        Instant start = LocalDateTime.parse(localStart).atZone(zone).toInstant();
        zoom.apiAnswers.add(json(201, CREATED));

        CreatedMeeting meeting = provider.createMeeting(ACME, meetingAt(start, zone));

        RecordedRequest request = zoom.server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/oauth/token");
        RecordedRequest create = zoom.server.takeRequest();
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getUrl().encodedPath()).isEqualTo("/v2/users/me/meetings");
        assertThat(create.getUrl().query()).isNull();
        assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
        assertThat(create.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = body(create);
        assertThat(body.properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("topic", "type", "start_time", "duration", "timezone", "agenda");
        assertThat(body.get("type").asInt()).isEqualTo(2);
        assertThat(body.get("start_time").asString()).isEqualTo(expectedUtc);
        assertThat(body.get("timezone").asString()).isEqualTo(zoneId);
        assertThat(body.get("duration").isInt()).isTrue();
        assertThat(body.get("duration").asInt()).isEqualTo(60);
        assertThat(body.get("topic").asString()).isEqualTo("Sales call with Acme [booking bk-4711]");
        assertThat(body.get("agenda").asString()).isEqualTo("Product demo\n\nBooking bk-4711");

        assertThat(meeting.meetingId()).isEqualTo("85746065432");
        assertThat(meeting.joinUrl()).isEqualTo("https://zoom.example/j/85746065432?pwd=abc");
        assertThat(meeting.startUrl()).isEqualTo("https://zoom.example/s/85746065432?zak=secret-host-key");
    }

    @Test
    void createMeetingRoundsPartialMinutesUpAndKeepsBookingIdInLongTopic() throws InterruptedException {
        zoom.apiAnswers.add(json(201, CREATED));
        String longTopic = "x".repeat(300);

        provider.createMeeting(
                ACME,
                new MeetingRequest(
                        "bk-1",
                        longTopic,
                        null,
                        Instant.parse("2027-04-01T08:00:00Z"),
                        Duration.ofMinutes(29).plusSeconds(30),
                        BERLIN,
                        null));

        zoom.server.takeRequest();
        JsonNode body = body(zoom.server.takeRequest());
        assertThat(body.get("duration").asInt()).isEqualTo(30);
        assertThat(body.get("topic").asString()).hasSize(200).endsWith(" [booking bk-1]");
        assertThat(body.get("agenda").asString()).isEqualTo("Booking bk-1");
    }

    @Test
    void tokenRequestUsesAccountCredentialsGrantWithBasicAuth() throws InterruptedException {
        zoom.apiAnswers.add(json(201, CREATED));

        provider.createMeeting(ACME, meetingAt(Instant.parse("2027-04-01T08:00:00Z"), BERLIN));

        RecordedRequest token = zoom.server.takeRequest();
        assertThat(token.getMethod()).isEqualTo("POST");
        assertThat(token.getUrl().encodedPath()).isEqualTo("/oauth/token");
        assertThat(token.getHeaders().get("Authorization"))
                .isEqualTo(Credentials.basic("default-client", "default-secret"));
        assertThat(token.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(token.getBody().utf8()).isEqualTo("grant_type=account_credentials&account_id=default-account");
    }

    @Test
    void tenantCredentialsOverrideTheDefaultApp() throws InterruptedException {
        provider = new ZoomMeetingProvider(zoom.properties("""
                {"acme": {"account_id": "acme-account", "client_id": "acme-client", "client_secret": "acme-secret"}}"""), clock);
        zoom.apiAnswers.add(json(201, CREATED));
        zoom.apiAnswers.add(json(201, CREATED));

        provider.createMeeting(ACME, meetingAt(Instant.parse("2027-04-01T08:00:00Z"), BERLIN));
        provider.createMeeting(
                new ProviderTenant(UUID.randomUUID(), "globex", "entra-globex"),
                meetingAt(Instant.parse("2027-04-01T08:00:00Z"), BERLIN));

        assertThat(zoom.tokenRequests).hasSize(2);
        assertThat(zoom.tokenRequests.get(0).getHeaders().get("Authorization"))
                .isEqualTo(Credentials.basic("acme-client", "acme-secret"));
        assertThat(zoom.tokenRequests.get(0).getBody().utf8()).endsWith("account_id=acme-account");
        assertThat(zoom.tokenRequests.get(1).getHeaders().get("Authorization"))
                .isEqualTo(Credentials.basic("default-client", "default-secret"));
        assertThat(zoom.apiRequests.get(0).getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
        assertThat(zoom.apiRequests.get(1).getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
    }

    @Test
    void tenantWithoutAnyCredentialsFailsNonRetryableNamingTheSlug() {
        provider = new ZoomMeetingProvider(
                new ZoomProperties(zoom.baseUrl(), zoom.tokenUrl(), "", "", "", """
                {"globex": {"account_id": "g", "client_id": "g", "client_secret": "g"}}""", null, null, null, null), clock);

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> provider.createMeeting(ACME, meetingAt(Instant.parse("2027-04-01T08:00:00Z"), BERLIN)));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("'acme'");
        assertThat(zoom.server.getRequestCount()).isZero();
    }

    @Test
    void updateMeetingPatchesStartDurationAndTimezone() throws InterruptedException {
        zoom.apiAnswers.add(status(204));

        provider.updateMeeting(
                ACME,
                "85746065432",
                Instant.parse("2027-03-14T14:30:00Z"),
                Duration.ofMinutes(45),
                ZoneId.of("America/New_York"));

        zoom.server.takeRequest();
        RecordedRequest patch = zoom.server.takeRequest();
        assertThat(patch.getMethod()).isEqualTo("PATCH");
        assertThat(patch.getUrl().encodedPath()).isEqualTo("/v2/meetings/85746065432");
        assertThat(patch.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
        assertThat(patch.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = body(patch);
        assertThat(body.properties()).hasSize(3);
        assertThat(body.get("start_time").asString()).isEqualTo("2027-03-14T14:30:00Z");
        assertThat(body.get("duration").asInt()).isEqualTo(45);
        assertThat(body.get("timezone").asString()).isEqualTo("America/New_York");
    }

    @Test
    void theSalespersonHostsTheirMeeting() throws InterruptedException {
        zoom.apiAnswers.add(json(201, CREATED));

        provider.createMeeting(
                ACME,
                new MeetingRequest(
                        "bk-1",
                        "Sales call",
                        null,
                        Instant.parse("2027-04-01T08:00:00Z"),
                        Duration.ofMinutes(60),
                        BERLIN,
                        "anna@acme.example"));

        zoom.server.takeRequest();
        RecordedRequest create = zoom.server.takeRequest();
        assertThat(create.getUrl().encodedPath()).isEqualTo("/v2/users/anna@acme.example/meetings");
        assertThat(body(create).has("settings")).isFalse();
    }

    @Test
    void aSalespersonWithoutAZoomUserGetsTheAppsUserAsHostAndCustomersMayJoinFirst() throws InterruptedException {
        zoom.apiAnswers.add(json(404, "{\"code\":1001,\"message\":\"User does not exist: anna@acme.example.\"}"));
        zoom.apiAnswers.add(json(201, CREATED));

        CreatedMeeting created = provider.createMeeting(
                ACME,
                new MeetingRequest(
                        "bk-1",
                        "Sales call",
                        null,
                        Instant.parse("2027-04-01T08:00:00Z"),
                        Duration.ofMinutes(60),
                        BERLIN,
                        "anna@acme.example"));

        assertThat(created.meetingId()).isEqualTo("85746065432");
        zoom.server.takeRequest();
        assertThat(zoom.server.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/users/anna@acme.example/meetings");
        RecordedRequest fallback = zoom.server.takeRequest();
        assertThat(fallback.getUrl().encodedPath()).isEqualTo("/v2/users/me/meetings");
        assertThat(body(fallback).path("settings").path("join_before_host").asBoolean())
                .isTrue();
    }

    @Test
    void anAppWithoutTheScopeToActForOtherUsersHostsItselfToo() throws InterruptedException {
        zoom.apiAnswers.add(
                json(
                        400,
                        "{\"code\":4711,\"message\":\"Invalid access token, does not contain scopes:[meeting:write:admin].\"}"));
        zoom.apiAnswers.add(json(201, CREATED));

        provider.createMeeting(
                ACME,
                new MeetingRequest(
                        "bk-1",
                        "Sales call",
                        null,
                        Instant.parse("2027-04-01T08:00:00Z"),
                        Duration.ofMinutes(60),
                        BERLIN,
                        "anna@acme.example"));

        zoom.server.takeRequest();
        zoom.server.takeRequest();
        assertThat(zoom.server.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/users/me/meetings");
    }

    @Test
    void aRetryableRefusalOfTheHostIsNotTakenForAMissingUser() {
        zoom.apiAnswers.add(status(503));

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> provider.createMeeting(
                        ACME,
                        new MeetingRequest(
                                "bk-1",
                                "Sales call",
                                null,
                                Instant.parse("2027-04-01T08:00:00Z"),
                                Duration.ofMinutes(60),
                                BERLIN,
                                "anna@acme.example")));

        assertThat(failure.retryable()).isTrue();
        assertThat(zoom.apiRequests).hasSize(1);
    }

    @Test
    void findMeetingIdsLooksAtTheHostsMeetingsAndTheAppUsers() throws InterruptedException {
        String booking = "0f9b1c52-7d1e-4c8e-9a43-2b7c5a1d9e01";
        zoom.apiAnswers.add(json(200, """
                {"meetings": [{"id": 81000000001, "topic": "Meeting with Acme (booking %s)"}]}""".formatted(booking)));
        zoom.apiAnswers.add(json(200, """
                {"meetings": [{"id": 81000000002, "topic": "Meeting with Acme (booking %s)"}]}""".formatted(booking)));

        assertThat(provider.findMeetingIds(ACME, "anna@acme.example", booking))
                .containsExactly("81000000001", "81000000002");

        zoom.server.takeRequest();
        assertThat(zoom.server.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/users/anna@acme.example/meetings");
        assertThat(zoom.server.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/users/me/meetings");
    }

    @Test
    void findMeetingIdsSkipsAHostZoomDoesNotKnow() {
        String booking = "0f9b1c52-7d1e-4c8e-9a43-2b7c5a1d9e01";
        zoom.apiAnswers.add(json(404, "{\"code\":1001,\"message\":\"User does not exist.\"}"));
        zoom.apiAnswers.add(json(200, """
                {"meetings": [{"id": 81000000002, "topic": "Meeting with Acme (booking %s)"}]}""".formatted(booking)));

        assertThat(provider.findMeetingIds(ACME, "anna@acme.example", booking)).containsExactly("81000000002");
    }

    @Test
    void findMeetingIdsPagesThroughUpcomingMeetingsAndKeepsThoseOfTheBooking() throws InterruptedException {
        String booking = "0f9b1c52-7d1e-4c8e-9a43-2b7c5a1d9e01";
        zoom.apiAnswers.add(json(200, """
                {"page_size": 300, "next_page_token": "page-2", "meetings": [
                  {"id": 81000000001, "topic": "Meeting with Acme (booking 11111111-2222-3333-4444-555555555555)"},
                  {"id": 81000000002, "topic": "Meeting with Acme (booking %s)"}]}""".formatted(booking)));
        zoom.apiAnswers.add(json(200, """
                {"page_size": 300, "next_page_token": "", "meetings": [
                  {"id": 81000000003, "topic": "Weekly sync"},
                  {"id": 81000000004, "topic": "Meeting with Acme (booking %s)"}]}""".formatted(booking)));

        assertThat(provider.findMeetingIds(ACME, null, booking)).containsExactly("81000000002", "81000000004");

        zoom.server.takeRequest();
        RecordedRequest first = zoom.server.takeRequest();
        assertThat(first.getMethod()).isEqualTo("GET");
        assertThat(first.getUrl().encodedPath()).isEqualTo("/v2/users/me/meetings");
        assertThat(first.getUrl().queryParameter("type")).isEqualTo("upcoming");
        assertThat(first.getUrl().queryParameter("page_size")).isEqualTo("300");
        assertThat(first.getUrl().queryParameter("next_page_token")).isNull();
        RecordedRequest second = zoom.server.takeRequest();
        assertThat(second.getUrl().queryParameter("next_page_token")).isEqualTo("page-2");
        assertThat(zoom.apiRequests).hasSize(2);
    }

    @Test
    void findMeetingIdsIsEmptyWhenNoMeetingCarriesTheBooking() {
        zoom.apiAnswers.add(json(200, "{\"meetings\": [{\"id\": 1, \"topic\": \"Weekly sync\"}]}"));

        assertThat(provider.findMeetingIds(ACME, null, "0f9b1c52-7d1e-4c8e-9a43-2b7c5a1d9e01"))
                .isEmpty();
    }

    @Test
    void getMeetingReadsTheLinksOfAFoundMeeting() throws InterruptedException {
        zoom.apiAnswers.add(json(200, CREATED));

        CreatedMeeting meeting = provider.getMeeting(ACME, "85746065432");

        assertThat(meeting)
                .isEqualTo(new CreatedMeeting(
                        "85746065432",
                        "https://zoom.example/j/85746065432?pwd=abc",
                        "https://zoom.example/s/85746065432?zak=secret-host-key"));
        zoom.server.takeRequest();
        RecordedRequest get = zoom.server.takeRequest();
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getUrl().encodedPath()).isEqualTo("/v2/meetings/85746065432");
    }

    @Test
    void aFailingLookUpIsClassifiedLikeAnyCall() {
        zoom.apiAnswers.add(status(503));

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> provider.findMeetingIds(ACME, null, "0f9b1c52-7d1e-4c8e-9a43-2b7c5a1d9e01"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.operation()).isEqualTo("findMeetingIds");
    }

    @Test
    void deleteMeetingSendsDelete() throws InterruptedException {
        zoom.apiAnswers.add(status(204));

        provider.deleteMeeting(ACME, "85746065432");

        zoom.server.takeRequest();
        RecordedRequest delete = zoom.server.takeRequest();
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getUrl().encodedPath()).isEqualTo("/v2/meetings/85746065432");
        assertThat(delete.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
        assertThat(delete.getBodySize()).isZero();
    }

    @Test
    void deleteMeetingTreats404AsAlreadyDeleted() {
        zoom.apiAnswers.add(json(404, "{\"code\":3001,\"message\":\"Meeting does not exist: 85746065432.\"}"));

        provider.deleteMeeting(ACME, "85746065432");

        assertThat(zoom.apiRequests).hasSize(1);
    }

    @Test
    void updateMeetingOn404IsNonRetryable() {
        zoom.apiAnswers.add(json(404, "{\"code\":3001,\"message\":\"Meeting does not exist: 1.\"}"));

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> provider.updateMeeting(
                        ACME, "1", Instant.parse("2027-04-01T08:00:00Z"), Duration.ofMinutes(60), BERLIN));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(404);
        assertThat(failure.getMessage()).contains("3001", "Meeting does not exist");
    }

    @Test
    void oneTokenServesManyCalls() {
        for (int i = 0; i < 3; i++) {
            zoom.apiAnswers.add(status(204));
        }

        provider.deleteMeeting(ACME, "1");
        provider.deleteMeeting(ACME, "2");
        provider.deleteMeeting(ACME, "3");

        assertThat(zoom.tokenRequests).hasSize(1);
        assertThat(zoom.apiRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsOnly("Bearer token-1");
    }

    @Test
    void tokenIsRefreshedShortlyBeforeExpiry() {
        for (int i = 0; i < 3; i++) {
            zoom.apiAnswers.add(status(204));
        }

        provider.deleteMeeting(ACME, "1");
        // the token lives 3600 s and is refreshed 5 minutes early: 54 minutes later it is still used
        clock.advance(Duration.ofMinutes(54));
        provider.deleteMeeting(ACME, "2");
        clock.advance(Duration.ofMinutes(2));
        provider.deleteMeeting(ACME, "3");

        assertThat(zoom.tokenRequests).hasSize(2);
        assertThat(zoom.apiRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
    }

    @Test
    void tokenEndpoint401IsNonRetryableAndNamesTheTenant() {
        zoom.tokenAnswers.add(
                json(401, "{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}"));

        ProviderException failure =
                catchThrowableOfType(ProviderException.class, () -> provider.deleteMeeting(ACME, "1"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.provider()).isEqualTo("zoom");
        assertThat(failure.operation()).isEqualTo("deleteMeeting");
        assertThat(failure.getMessage()).contains("'acme'", "invalid_client").doesNotContain("default-secret");
        assertThat(zoom.apiRequests).isEmpty();
    }

    @Test
    void tokenEndpoint503IsRetryable() {
        zoom.tokenAnswers.add(status(503));

        ProviderException failure =
                catchThrowableOfType(ProviderException.class, () -> provider.deleteMeeting(ACME, "1"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(503);
    }

    @Test
    void a401ForACachedTokenDropsItAndIsRetryable() {
        zoom.apiAnswers.add(status(204));
        zoom.apiAnswers.add(json(401, "{\"code\":124,\"message\":\"Invalid access token.\"}"));
        zoom.apiAnswers.add(status(204));
        provider.deleteMeeting(ACME, "1");

        ProviderException failure =
                catchThrowableOfType(ProviderException.class, () -> provider.deleteMeeting(ACME, "2"));
        provider.deleteMeeting(ACME, "3");

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(zoom.apiRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
    }

    @Test
    void a401ForAFreshTokenIsNonRetryable() {
        zoom.apiAnswers.add(json(401, "{\"code\":124,\"message\":\"Invalid access token.\"}"));

        ProviderException failure =
                catchThrowableOfType(ProviderException.class, () -> provider.deleteMeeting(ACME, "1"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("'acme'").doesNotContain("token-1");
    }

    @Test
    void malformedTenantCredentialsStopStartUpWithoutEchoingSecrets() {
        assertThatThrownBy(() ->
                        new ZoomMeetingProvider(zoom.properties("{\"acme\": {\"client_secret\": \"s3cr3t\""), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("booking.zoom.tenant-credentials (ZOOM_TENANT_CREDENTIALS)")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() ->
                        new ZoomMeetingProvider(zoom.properties("{\"acme\": {\"client_secret\": \"s3cr3t\"}}"), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'acme'", "account_id")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void propertiesNeverPrintSecrets() {
        String printed =
                zoom.properties("{\"acme\":{\"client_secret\":\"s3cr3t\"}}").toString();

        assertThat(printed).contains("default-client").doesNotContain("default-secret", "s3cr3t");
    }
}
