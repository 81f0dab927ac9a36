package com.salesbooking.providers.graph;

import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.calendar.CalendarProvider.BusyInterval;
import com.salesbooking.providers.calendar.CalendarProvider.CalendarEvent;
import com.salesbooking.providers.calendar.CalendarProvider.EventRequest;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.salesbooking.providers.graph.GraphFake.body;
import static com.salesbooking.providers.graph.GraphFake.odataError;
import static org.assertj.core.api.Assertions.assertThat;

class GraphCalendarProviderTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");

    private GraphFake graph;
    private GraphCalendarProvider calendar;

    @BeforeEach
    void start() throws IOException {
        graph = new GraphFake();
        calendar = new GraphCalendarProvider(
                graph.clients(), new MailboxLimiter(4, java.time.Duration.ofSeconds(5)), GraphFake.CLOCK);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private static EventRequest event(Instant startUtc, Instant endUtc, ZoneId zone, boolean teams) {
        return new EventRequest(
                "sp-1",
                "bk-4711-create",
                "Sales call (booking bk-4711)",
                "<p>Booking bk-4711</p><p>https://zoom.example/j/1</p>",
                "https://zoom.example/j/1",
                startUtc,
                endUtc,
                zone,
                "customer@example.com",
                "Chris Customer",
                teams);
    }

    private static String createdEvent(String start, String end, String zone, String onlineMeeting) {
        return """
                {"id": "AAMkAD-ev1", "iCalUId": "040000008200E00074C5B7101A82E008", "changeKey": "DwAAABYAAAA1",
                 "start": {"dateTime": "%s", "timeZone": "%s"}, "end": {"dateTime": "%s", "timeZone": "%s"},
                 "isCancelled": false, "onlineMeeting": %s}""".formatted(start, zone, end, zone, onlineMeeting);
    }

    @ParameterizedTest(name = "{0}: {1}..{2} UTC is {3}..{4} local")
    @CsvSource({
        // Berlin's DST day (2027-03-28): 10:00-11:00 CEST
        "Europe/Berlin,    2027-03-28T08:00:00Z, 2027-03-28T09:00:00Z, 2027-03-28T10:00:00, 2027-03-28T11:00:00",
        // New York's DST day (2027-03-14): 10:00-11:00 EDT
        "America/New_York, 2027-03-14T14:00:00Z, 2027-03-14T15:00:00Z, 2027-03-14T10:00:00, 2027-03-14T11:00:00",
        // one UTC hour across Berlin's gap: 01:30 CET to 03:30 CEST on the wall clock
        "Europe/Berlin,    2027-03-28T00:30:00Z, 2027-03-28T01:30:00Z, 2027-03-28T01:30:00, 2027-03-28T03:30:00"
    })
    void createEventSendsLocalTimesInTheSalespersonsIanaZone(
            String zoneId, String startUtc, String endUtc, String localStart, String localEnd)
            throws InterruptedException {
        ZoneId zone = ZoneId.of(zoneId);
        graph.answer(201, createdEvent(localStart + ".0000000", localEnd + ".0000000", zoneId, "null"));

        CalendarEvent created =
                calendar.createEvent(ACME, event(Instant.parse(startUtc), Instant.parse(endUtc), zone, false));

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/users/sp-1/events");
        assertThat(request.getUrl().query()).isNull();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-for-entra-acme");
        assertThat(request.getHeaders().values("Prefer"))
                .containsExactlyInAnyOrder("outlook.timezone=\"" + zoneId + "\"", "IdType=\"ImmutableId\"");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = body(request);
        assertThat(body.path("start").path("dateTime").asString()).isEqualTo(localStart);
        assertThat(body.path("start").path("timeZone").asString()).isEqualTo(zoneId);
        assertThat(body.path("end").path("dateTime").asString()).isEqualTo(localEnd);
        assertThat(body.path("end").path("timeZone").asString()).isEqualTo(zoneId);
        assertThat(body.path("transactionId").asString()).isEqualTo("bk-4711-create");
        assertThat(body.path("subject").asString()).isEqualTo("Sales call (booking bk-4711)");
        assertThat(body.path("body").path("contentType").asString()).isEqualTo("html");
        assertThat(body.path("body").path("content").asString())
                .isEqualTo("<p>Booking bk-4711</p><p>https://zoom.example/j/1</p>");
        assertThat(body.path("location").path("displayName").asString()).isEqualTo("https://zoom.example/j/1");
        assertThat(body.path("attendees")).hasSize(1);
        JsonNode attendee = body.path("attendees").get(0);
        assertThat(attendee.path("type").asString()).isEqualTo("required");
        assertThat(attendee.path("emailAddress").path("address").asString()).isEqualTo("customer@example.com");
        assertThat(attendee.path("emailAddress").path("name").asString()).isEqualTo("Chris Customer");
        assertThat(body.has("isOnlineMeeting")).isFalse();
        assertThat(body.has("onlineMeetingProvider")).isFalse();

        assertThat(created)
                .isEqualTo(new CalendarEvent(
                        "AAMkAD-ev1",
                        "040000008200E00074C5B7101A82E008",
                        "DwAAABYAAAA1",
                        Instant.parse(startUtc),
                        Instant.parse(endUtc),
                        false,
                        null));
    }

    @Test
    void createTeamsEventAsksForATeamsMeetingAndReturnsItsJoinUrl() throws InterruptedException {
        graph.answer(
                201,
                createdEvent(
                        "2027-03-28T10:00:00.0000000",
                        "2027-03-28T11:00:00.0000000",
                        "Europe/Berlin",
                        "{\"joinUrl\": \"https://teams.example/l/meetup-join/19%3ameeting\"}"));

        CalendarEvent created = calendar.createEvent(
                ACME,
                event(
                        Instant.parse("2027-03-28T08:00:00Z"),
                        Instant.parse("2027-03-28T09:00:00Z"),
                        ZoneId.of("Europe/Berlin"),
                        true));

        JsonNode body = body(graph.server.takeRequest());
        assertThat(body.path("isOnlineMeeting").asBoolean()).isTrue();
        assertThat(body.path("onlineMeetingProvider").asString()).isEqualTo("teamsForBusiness");
        assertThat(created.joinUrl()).isEqualTo("https://teams.example/l/meetup-join/19%3ameeting");
    }

    @Test
    void updateEventTimePatchesStartAndEndWithExplicitZoneAndReturnsTheNewChangeKey() throws InterruptedException {
        graph.answer(200, """
                {"id": "AAMkAD-ev1", "iCalUId": "uid-1", "changeKey": "DwAAABYAAAA2",
                 "start": {"dateTime": "2027-03-14T11:00:00.0000000", "timeZone": "America/New_York"},
                 "end": {"dateTime": "2027-03-14T12:00:00.0000000", "timeZone": "America/New_York"}}""");

        CalendarEvent updated = calendar.updateEventTime(
                ACME,
                "sp-1",
                "AAMkAD-ev1",
                Instant.parse("2027-03-14T15:00:00Z"),
                Instant.parse("2027-03-14T16:00:00Z"),
                ZoneId.of("America/New_York"));

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/users/sp-1/events/AAMkAD-ev1");
        assertThat(request.getHeaders().values("Prefer"))
                .containsExactlyInAnyOrder("outlook.timezone=\"America/New_York\"", "IdType=\"ImmutableId\"");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-for-entra-acme");
        JsonNode body = body(request);
        assertThat(body.path("start").path("dateTime").asString()).isEqualTo("2027-03-14T11:00:00");
        assertThat(body.path("start").path("timeZone").asString()).isEqualTo("America/New_York");
        assertThat(body.path("end").path("dateTime").asString()).isEqualTo("2027-03-14T12:00:00");
        assertThat(body.path("end").path("timeZone").asString()).isEqualTo("America/New_York");
        assertThat(body.has("subject")).isFalse();
        assertThat(body.has("attendees")).isFalse();
        assertThat(updated.changeKey()).isEqualTo("DwAAABYAAAA2");
        assertThat(updated.startUtc()).isEqualTo(Instant.parse("2027-03-14T15:00:00Z"));
        assertThat(updated.endUtc()).isEqualTo(Instant.parse("2027-03-14T16:00:00Z"));
    }

    @Test
    void cancelEventPostsCancelWithTheComment() throws InterruptedException {
        graph.answer(202);

        calendar.cancelEvent(ACME, "sp-1", "AAMkAD-ev1", "The customer cancelled booking bk-4711.");

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/users/sp-1/events/AAMkAD-ev1/cancel");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        // the SDK writes the action parameter as Graph's metadata names it ("Comment"); Graph matches it
        // case-insensitively
        JsonNode body = body(request);
        assertThat(body.properties()).extracting(e -> e.getKey()).containsExactly("Comment");
        assertThat(body.path("Comment").asString()).isEqualTo("The customer cancelled booking bk-4711.");
        assertThat(graph.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void cancelEventFallsBackToDeleteWhenGraphRefusesToCancel() throws InterruptedException {
        graph.answer(
                400,
                odataError(
                        "ErrorInvalidRequest",
                        "Your request can't be completed. You can't cancel a "
                                + "meeting unless you're the organizer."));
        graph.answer(204);

        calendar.cancelEvent(ACME, "sp-1", "AAMkAD-ev1", "cancelled");

        assertThat(graph.server.takeRequest().getUrl().encodedPath()).endsWith("/AAMkAD-ev1/cancel");
        RecordedRequest delete = graph.server.takeRequest();
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getUrl().encodedPath()).isEqualTo("/v1.0/users/sp-1/events/AAMkAD-ev1");
        assertThat(delete.getHeaders().get("Authorization")).isEqualTo("Bearer token-for-entra-acme");
    }

    @Test
    void cancelEventTreatsAMissingEventAsCancelled() {
        graph.answer(404, odataError("ErrorItemNotFound", "The specified object was not found in the store."));

        calendar.cancelEvent(ACME, "sp-1", "AAMkAD-ev1", "cancelled");

        assertThat(graph.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void cancelEventTreatsAMissingEventOnTheFallbackDeleteAsCancelled() {
        graph.answer(400, odataError("ErrorInvalidRequest", "not the organizer"));
        graph.answer(404, odataError("ErrorItemNotFound", "The specified object was not found in the store."));

        calendar.cancelEvent(ACME, "sp-1", "AAMkAD-ev1", "cancelled");

        assertThat(graph.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void getEventReadsTheEventInUtcWithItsCancelledFlag() throws InterruptedException {
        graph.answer(200, """
                {"id": "AAMkAD-ev1", "iCalUId": "uid-1", "changeKey": "DwAAABYAAAA3",
                 "start": {"dateTime": "2027-03-28T08:00:00.0000000", "timeZone": "UTC"},
                 "end": {"dateTime": "2027-03-28T09:00:00.0000000", "timeZone": "UTC"},
                 "isCancelled": true}""");

        Optional<CalendarEvent> event = calendar.getEvent(ACME, "sp-1", "AAMkAD-ev1");

        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/users/sp-1/events/AAMkAD-ev1");
        assertThat(request.getUrl().queryParameter("$select"))
                .isEqualTo("id,iCalUId,changeKey,start,end,isCancelled,onlineMeeting");
        assertThat(request.getHeaders().values("Prefer"))
                .containsExactlyInAnyOrder("outlook.timezone=\"UTC\"", "IdType=\"ImmutableId\"");
        assertThat(event)
                .contains(new CalendarEvent(
                        "AAMkAD-ev1",
                        "uid-1",
                        "DwAAABYAAAA3",
                        Instant.parse("2027-03-28T08:00:00Z"),
                        Instant.parse("2027-03-28T09:00:00Z"),
                        true,
                        null));
    }

    @Test
    void getEventIsEmptyWhenTheEventIsGone() {
        graph.answer(404, odataError("ErrorItemNotFound", "The specified object was not found in the store."));

        assertThat(calendar.getEvent(ACME, "sp-1", "AAMkAD-ev1")).isEmpty();
    }

    @Test
    void busyTimesReadsTheCalendarViewSkippingFreeAndCancelledEventsAcrossPages() throws InterruptedException {
        String nextLink = graph.url("/v1.0/users/sp-1/calendarView?startDateTime=2027-03-27T23:00:00Z"
                + "&endDateTime=2027-03-28T22:00:00Z&$top=100&$skip=100");
        graph.answer(200, """
                {"value": [
                  {"start": {"dateTime": "2027-03-28T07:00:00.0000000", "timeZone": "UTC"},
                   "end": {"dateTime": "2027-03-28T08:00:00.0000000", "timeZone": "UTC"}, "showAs": "busy", "isCancelled": false},
                  {"start": {"dateTime": "2027-03-28T09:00:00.0000000", "timeZone": "UTC"},
                   "end": {"dateTime": "2027-03-28T10:00:00.0000000", "timeZone": "UTC"}, "showAs": "free", "isCancelled": false},
                  {"start": {"dateTime": "2027-03-28T11:00:00.0000000", "timeZone": "UTC"},
                   "end": {"dateTime": "2027-03-28T12:00:00.0000000", "timeZone": "UTC"}, "showAs": "busy", "isCancelled": true}
                 ],
                 "@odata.nextLink": "%s"}""".formatted(nextLink));
        graph.answer(200, """
                {"value": [
                  {"start": {"dateTime": "2027-03-28T05:30:00.0000000", "timeZone": "UTC"},
                   "end": {"dateTime": "2027-03-28T06:00:00.0000000", "timeZone": "UTC"}, "showAs": "tentative", "isCancelled": false},
                  {"start": {"dateTime": "2027-03-28T13:00:00.0000000", "timeZone": "UTC"},
                   "end": {"dateTime": "2027-03-28T14:00:00.0000000", "timeZone": "UTC"}, "showAs": "oof", "isCancelled": false}
                 ]}""");

        List<BusyInterval> busy = calendar.busyTimes(
                ACME, "sp-1", Instant.parse("2027-03-27T23:00:00Z"), Instant.parse("2027-03-28T22:00:00Z"));

        RecordedRequest first = graph.server.takeRequest();
        assertThat(first.getMethod()).isEqualTo("GET");
        assertThat(first.getUrl().encodedPath()).isEqualTo("/v1.0/users/sp-1/calendarView");
        assertThat(first.getUrl().queryParameter("startDateTime")).isEqualTo("2027-03-27T23:00:00Z");
        assertThat(first.getUrl().queryParameter("endDateTime")).isEqualTo("2027-03-28T22:00:00Z");
        assertThat(first.getUrl().queryParameter("$select")).isEqualTo("start,end,showAs,isCancelled");
        assertThat(first.getUrl().queryParameter("$top")).isEqualTo("100");
        assertThat(first.getHeaders().values("Prefer"))
                .containsExactlyInAnyOrder("outlook.timezone=\"UTC\"", "IdType=\"ImmutableId\"");
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer token-for-entra-acme");
        RecordedRequest second = graph.server.takeRequest();
        assertThat(second.getUrl().queryParameter("$skip")).isEqualTo("100");
        assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer token-for-entra-acme");
        assertThat(busy)
                .containsExactly(
                        new BusyInterval(Instant.parse("2027-03-28T05:30:00Z"), Instant.parse("2027-03-28T06:00:00Z")),
                        new BusyInterval(Instant.parse("2027-03-28T07:00:00Z"), Instant.parse("2027-03-28T08:00:00Z")),
                        new BusyInterval(Instant.parse("2027-03-28T13:00:00Z"), Instant.parse("2027-03-28T14:00:00Z")));
    }

    @Test
    void findEventIdsKeepsTheEventsWhoseTransactionIdCarriesTheBooking() throws InterruptedException {
        graph.answer(200, """
                {"value": [
                  {"id": "AAMkAD-ours", "transactionId": "booking-4711-2"},
                  {"id": "AAMkAD-other-booking", "transactionId": "booking-4712-1"},
                  {"id": "AAMkAD-private", "transactionId": null}
                 ]}""");

        List<String> found = calendar.findEventIds(
                ACME,
                "sp-1",
                "booking-4711-",
                Instant.parse("2027-03-28T07:00:00Z"),
                Instant.parse("2027-03-28T08:00:00Z"));

        assertThat(found).containsExactly("AAMkAD-ours");
        RecordedRequest request = graph.server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/users/sp-1/calendarView");
        assertThat(request.getUrl().queryParameter("startDateTime")).isEqualTo("2027-03-28T07:00:00Z");
        assertThat(request.getUrl().queryParameter("endDateTime")).isEqualTo("2027-03-28T08:00:00Z");
        assertThat(request.getUrl().queryParameter("$select")).isEqualTo("id,transactionId");
    }
}
