package com.salesbooking.local.providers;

import com.salesbooking.local.providers.HttpFake.Answer;
import com.salesbooking.local.providers.HttpFake.Request;
import com.salesbooking.local.system.SystemTestSupport.Response;
import io.temporal.api.history.v1.HistoryEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The confirm saga (docs/design.md, "The confirm saga") end to end against the real Zoom and Microsoft Graph adapters: the api
 * and worker of one JVM, real HTTP to loopback fakes, asserting the exact requests the providers received.
 */
class RealProvidersSagaTest extends RealProvidersTestSupport {

    private static final Pattern LINK_TOKEN = Pattern.compile("token=([^\\s&<\"]+)");
    private static final DateTimeFormatter GRAPH_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    // ---- the tests

    @Test
    void confirmCreatesTheZoomMeetingAndTheOutlookEventAndMailsTheManageLink() {
        Seller seller = newSeller();
        String customer = email("real-happy");
        Instant start = slot(10, 10);
        UUID id = pendingBooking(seller, start, customer);
        String verifyToken = eventually("the verification mail", () -> linkToken(customer, "/verify"));

        Response confirm = post("/v1/public/acme/confirm", key(), confirmBody(verifyToken));

        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.text("status")).isEqualTo("confirmed");
        assertThat(status(id)).isEqualTo("confirmed");

        // Zoom: one meeting, created with an account_credentials token
        List<Request> zoomCalls = zoomRequestsOf(id);
        assertThat(zoomCalls).extracting(Request::toString).containsExactly("POST " + meetingsPathOf(seller));
        Request create = zoomCalls.get(0);
        assertZoomAuthenticated(create);
        JsonNode meeting = create.json();
        assertThat(meeting.path("type").asInt()).isEqualTo(2);
        assertThat(meeting.path("start_time").asString()).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(start));
        assertThat(meeting.path("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(meeting.path("duration").asInt()).isEqualTo(60);
        assertThat(meeting.path("topic").asString()).contains(id.toString());
        assertThat(meeting.path("agenda").asString()).contains(id.toString());
        List<ZoomHttpFake.CreatedMeeting> meetings = ZOOM.meetingsOf(id.toString());
        assertThat(meetings).hasSize(1);
        String joinUrl = meetings.get(0).joinUrl();
        assertThat(confirm.text("join_url")).isEqualTo(joinUrl);

        // Graph: one event in the salesperson's calendar, the customer invited, booking id and join URL in it
        List<Request> creates = graphEventCreates(seller);
        assertThat(creates).hasSize(1);
        assertGraphEvent(creates.get(0), seller, id, customer, start, joinUrl, 1);
        assertThat(graphRequests(seller, r -> !r.path().endsWith("/calendarView") && !isEventCreate(r, seller)))
                .as("no other calendar call for this salesperson")
                .isEmpty();

        // the confirmation mail went through Graph's sendMail, with the join URL and a manage link
        Request confirmation = eventually(
                "the confirmation mail",
                () -> mailsTo(customer).stream()
                        .filter(m -> mailContent(m).contains("/manage?token="))
                        .findFirst());
        assertThat(message(confirmation).path("subject").asString()).contains("confirmed");
        assertThat(mailContent(confirmation)).contains(joinUrl);
        assertThat(confirmation.header("Authorization")).isEqualTo("Bearer graph-token-for-" + ACME_ENTRA_TENANT);
        assertThat(confirmation.json().path("SaveToSentItems").asBoolean(true)).isFalse();

        // what was stored
        Map<String, Object> stored = jdbc.sql(
                        "SELECT provider, provider_meeting_id, join_url FROM meetings WHERE booking_id = ?")
                .param(id)
                .query()
                .singleRow();
        assertThat(stored)
                .containsEntry("provider", "zoom")
                .containsEntry("provider_meeting_id", meetings.get(0).id())
                .containsEntry("join_url", joinUrl);
        Map<String, Object> event = jdbc.sql(
                        "SELECT organizer_user_id, event_id, ical_uid FROM graph_events WHERE booking_id = ?")
                .param(id)
                .query()
                .singleRow();
        assertThat(event.get("organizer_user_id")).isEqualTo(seller.graphUserId());
        assertThat((String) event.get("event_id")).startsWith("AAMkAD-graph-event-");
        assertThat(count("SELECT count(*) FROM compensation_jobs WHERE booking_id = ?", id))
                .isZero();
    }

    @Test
    void graphFailingAfterZoomDeletesTheZoomMeetingKeepsPendingVerifyAndTheNextConfirmStartsAfresh() {
        Seller seller = newSeller();
        String customer = email("real-compensate");
        Instant start = slot(10, 13);
        UUID id = pendingBooking(seller, start, customer);
        String verifyToken = eventually("the verification mail", () -> linkToken(customer, "/verify"));
        GRAPH.http.queue(
                r -> isEventCreate(r, seller),
                GraphHttpFake.odataError(400, "ErrorInvalidRequest", "The request is invalid."));

        Response failed = post("/v1/public/acme/confirm", key(), confirmBody(verifyToken));

        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(failed.text("code")).isEqualTo("provider_unavailable");
        assertThat(status(id)).isEqualTo("pending_verify");
        List<ZoomHttpFake.CreatedMeeting> first = ZOOM.meetingsOf(id.toString());
        assertThat(first).hasSize(1);
        String firstMeeting = first.get(0).id();
        // 400 is not retried: one Graph attempt, then the Zoom meeting is deleted
        assertThat(graphEventCreates(seller)).hasSize(1);
        assertThat(zoomRequestsOf(id))
                .extracting(Request::toString)
                .containsExactly("POST " + meetingsPathOf(seller), "DELETE /v2/meetings/" + firstMeeting);
        assertZoomAuthenticated(zoomRequestsOf(id).get(1));
        // no Graph event was created, so there is none to cancel
        assertThat(graphRequests(seller, r -> r.path().contains("/events/"))).isEmpty();
        assertThat(count("SELECT count(*) FROM meetings WHERE booking_id = ?", id))
                .isZero();
        assertThat(count("SELECT count(*) FROM graph_events WHERE booking_id = ?", id))
                .isZero();
        assertThat(count("SELECT count(*) FROM compensation_jobs WHERE booking_id = ?", id))
                .isZero();
        assertThat(mailsTo(customer).stream().filter(m -> mailContent(m).contains("/manage?token=")))
                .isEmpty();

        // Graph is fine again: the same link confirms, with a new Zoom meeting and the saga's second transaction id
        Response retried = post("/v1/public/acme/confirm", key(), confirmBody(verifyToken));

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("confirmed");
        List<ZoomHttpFake.CreatedMeeting> meetings = ZOOM.meetingsOf(id.toString());
        assertThat(meetings).hasSize(2);
        String secondMeeting = meetings.get(1).id();
        assertThat(secondMeeting).isNotEqualTo(firstMeeting);
        assertThat(zoomRequestsOf(id))
                .extracting(Request::toString)
                .containsExactly(
                        "POST " + meetingsPathOf(seller),
                        "DELETE /v2/meetings/" + firstMeeting,
                        "POST " + meetingsPathOf(seller));
        List<Request> creates = graphEventCreates(seller);
        assertThat(creates).hasSize(2);
        assertThat(creates.get(0).json().path("transactionId").asString()).isEqualTo("booking-" + id + "-1");
        assertGraphEvent(
                creates.get(1), seller, id, customer, start, meetings.get(1).joinUrl(), 2);
        assertThat(jdbc.sql("SELECT provider_meeting_id FROM meetings WHERE booking_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo(secondMeeting);
        assertThat(retried.text("join_url")).isEqualTo(meetings.get(1).joinUrl());
        eventually(
                "the confirmation mail",
                () -> mailsTo(customer).stream()
                        .filter(m -> mailContent(m).contains("/manage?token="))
                        .findFirst());
    }

    @Test
    void graphThrottlingIsRetriedByTemporalHonouringRetryAfter() {
        Seller seller = newSeller();
        String customer = email("real-throttled");
        Instant start = slot(11, 10);
        UUID id = pendingBooking(seller, start, customer);
        String verifyToken = eventually("the verification mail", () -> linkToken(customer, "/verify"));
        Answer throttled = GraphHttpFake.odataError(429, "ApplicationThrottled", "Too many requests.")
                .withHeader("Retry-After", "1");
        GRAPH.http.queue(r -> isEventCreate(r, seller), throttled);
        GRAPH.http.queue(r -> isEventCreate(r, seller), throttled);

        Response confirm = post("/v1/public/acme/confirm", key(), confirmBody(verifyToken));

        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("confirmed");
        // three attempts of the same saga step (same transaction id): the SDK's retry handler is off, Temporal retried
        List<Request> creates = graphEventCreates(seller);
        assertThat(creates).hasSize(3);
        assertThat(creates)
                .extracting(r -> r.json().path("transactionId").asString())
                .containsOnly("booking-" + id + "-1");
        // in the workflow history: one CreateCalendarEvent activity, completed on its third attempt
        var history = temporal.getWorkflowClient()
                .fetchHistory("booking-" + id)
                .getHistory()
                .getEventsList();
        List<Long> scheduled = history.stream()
                .filter(e -> e.hasActivityTaskScheduledEventAttributes()
                        && e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName()
                                .equals("CreateCalendarEvent"))
                .map(HistoryEvent::getEventId)
                .toList();
        assertThat(scheduled).hasSize(1);
        assertThat(history.stream()
                        .filter(e -> e.hasActivityTaskStartedEventAttributes()
                                && e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduled.get(0))
                        .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
                        .toList())
                .containsExactly(3);
        // one Zoom meeting, kept: nothing was compensated
        assertThat(zoomRequestsOf(id)).extracting(Request::toString).containsExactly("POST " + meetingsPathOf(seller));
        assertThat(count("SELECT count(*) FROM graph_events WHERE booking_id = ?", id))
                .isEqualTo(1);
    }

    // ---- helpers

    private UUID pendingBooking(Seller seller, Instant start, String customer) {
        Response hold = post("/v1/public/acme/holds", key(), """
                {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"%s","name":"Pat Doe","company":"Initech"}}""".formatted(
                        seller.id(), start, start.plus(Duration.ofHours(1)), customer));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        UUID id = UUID.fromString(hold.text("booking_id"));
        Response verify = post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + id + "\"}");
        assertThat(verify.status()).as(verify.body()).isEqualTo(200);
        return id;
    }

    private static String confirmBody(String token) {
        return "{\"token\":\"" + token + "\"}";
    }

    /** The sendMail requests from acme's shared mailbox to {@code email}. */
    private static List<Request> mailsTo(String email) {
        return GRAPH.http.requests(r -> r.method().equals("POST")
                && r.path().equals("/v1.0/users/" + ACME_MAILBOX + "/sendMail")
                && message(r)
                        .path("toRecipients")
                        .path(0)
                        .path("emailAddress")
                        .path("address")
                        .asString("")
                        .equals(email));
    }

    /** The sendMail action's message (the SDK writes the action's parameters capitalised: Message, SaveToSentItems). */
    private static JsonNode message(Request sendMail) {
        JsonNode body = sendMail.json();
        return body.has("Message") ? body.path("Message") : body.path("message");
    }

    private static String mailContent(Request mail) {
        return message(mail).path("body").path("content").asString("");
    }

    /** The token of the newest link to {@code path} in a mail to {@code email}, when there is one. */
    private static Optional<String> linkToken(String email, String path) {
        List<Request> mails = mailsTo(email);
        for (int i = mails.size() - 1; i >= 0; i--) {
            String content = mailContent(mails.get(i));
            int at = content.indexOf(path + "?token=");
            if (at >= 0) {
                Matcher m = LINK_TOKEN.matcher(content.substring(at));
                if (m.find()) {
                    return Optional.of(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isEventCreate(Request r, Seller seller) {
        return r.method().equals("POST") && r.path().equals("/v1.0/users/" + seller.graphUserId() + "/events");
    }

    private static List<Request> graphEventCreates(Seller seller) {
        return GRAPH.http.requests(r -> isEventCreate(r, seller));
    }

    private static List<Request> graphRequests(Seller seller, Predicate<Request> filter) {
        return GRAPH.http.requests(
                r -> r.path().startsWith("/v1.0/users/" + seller.graphUserId() + "/") && filter.test(r));
    }

    /** Meetings are hosted by the salesperson: the Zoom user with their email. */
    private static String meetingsPathOf(Seller seller) {
        return "/v2/users/" + seller.graphUserId() + "/meetings";
    }

    /** Zoom API calls about this booking: its meeting creates (id in the topic) and calls on meetings created for it. */
    private static List<Request> zoomRequestsOf(UUID bookingId) {
        List<String> ids = ZOOM.meetingsOf(bookingId.toString()).stream()
                .map(ZoomHttpFake.CreatedMeeting::id)
                .toList();
        return ZOOM.http.requests(r -> {
            if (ZoomHttpFake.MEETINGS_PATH.matcher(r.path()).matches()) {
                return r.json().path("topic").asString("").contains(bookingId.toString());
            }
            return ids.stream().anyMatch(id -> r.path().equals("/v2/meetings/" + id));
        });
    }

    /** The request carries a token the fake issued to an account_credentials request with the app's credentials. */
    private static void assertZoomAuthenticated(Request apiRequest) {
        Request tokenRequest = ZOOM.tokenRequestFor(apiRequest);
        assertThat(tokenRequest)
                .as("token of " + apiRequest + " was issued by the token endpoint")
                .isNotNull();
        assertThat(tokenRequest.method()).isEqualTo("POST");
        assertThat(tokenRequest.header("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString((ZOOM_CLIENT + ":" + ZOOM_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(tokenRequest.form())
                .containsEntry("grant_type", "account_credentials")
                .containsEntry("account_id", ZOOM_ACCOUNT);
    }

    private static void assertGraphEvent(
            Request create, Seller seller, UUID id, String customer, Instant start, String joinUrl, int attempt) {
        assertThat(create.header("Authorization")).isEqualTo("Bearer graph-token-for-" + ACME_ENTRA_TENANT);
        assertThat(create.headers().get("Prefer"))
                .containsExactlyInAnyOrder("outlook.timezone=\"Europe/Berlin\"", "IdType=\"ImmutableId\"");
        JsonNode body = create.json();
        assertThat(body.path("transactionId").asString()).isEqualTo("booking-" + id + "-" + attempt);
        assertThat(body.path("subject").asString()).contains(id.toString());
        assertThat(body.path("body").path("contentType").asString()).isEqualTo("html");
        assertThat(body.path("body").path("content").asString()).contains(id.toString(), joinUrl);
        assertThat(body.path("location").path("displayName").asString()).isEqualTo(joinUrl);
        assertThat(body.path("attendees")).hasSize(1);
        JsonNode attendee = body.path("attendees").get(0);
        assertThat(attendee.path("type").asString()).isEqualTo("required");
        assertThat(attendee.path("emailAddress").path("address").asString()).isEqualTo(customer);
        assertThat(attendee.path("emailAddress").path("name").asString()).isEqualTo("Pat Doe");
        assertThat(body.path("start").path("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(body.path("end").path("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(body.path("start").path("dateTime").asString())
                .isEqualTo(GRAPH_LOCAL.format(LocalDateTime.ofInstant(start, BERLIN)));
        assertThat(body.path("end").path("dateTime").asString())
                .isEqualTo(GRAPH_LOCAL.format(LocalDateTime.ofInstant(start.plus(Duration.ofHours(1)), BERLIN)));
        assertThat(body.has("isOnlineMeeting")).isFalse();
        assertThat(create.path()).isEqualTo("/v1.0/users/" + seller.graphUserId() + "/events");
    }
}
