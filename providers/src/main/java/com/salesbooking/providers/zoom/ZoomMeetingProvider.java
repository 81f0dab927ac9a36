package com.salesbooking.providers.zoom;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.meeting.MeetingProvider;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Zoom meetings through the REST API v2 with Server-to-Server OAuth. Makes exactly one HTTP attempt per
 * call (retries belong to Temporal) and classifies every failure as a {@link ProviderException}. Never logs
 * a token, a secret or a meeting's start_url.
 */
public final class ZoomMeetingProvider implements MeetingProvider {

    static final String PROVIDER = "zoom";

    private static final Logger log = LoggerFactory.getLogger(ZoomMeetingProvider.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final DateTimeFormatter ZOOM_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    // Zoom's documented maximum lengths of topic and agenda
    private static final int MAX_TOPIC = 200;
    private static final int MAX_AGENDA = 2000;
    // type 2 = a scheduled meeting (1 instant, 3 recurring without fixed time, 8 recurring with fixed time)
    private static final int SCHEDULED_MEETING = 2;
    /** Zoom's name for the user the app acts as (Server-to-Server OAuth: the app's creator). */
    private static final String APP_USER = "me";
    // Zoom's largest page; ten of them (3,000 upcoming meetings of one tenant's Zoom user) bound the look-up,
    // which only runs when an earlier create attempt may have succeeded unseen
    private static final int LIST_PAGE_SIZE = 300;
    private static final int MAX_LIST_PAGES = 10;

    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final ZoomCredentialResolver credentials;
    private final ZoomTokenCache tokens;

    public ZoomMeetingProvider(ZoomProperties properties, Clock clock) {
        this(properties, httpClient(properties), clock);
    }

    ZoomMeetingProvider(ZoomProperties properties, OkHttpClient http, Clock clock) {
        this.baseUrl = HttpUrl.get(properties.baseUrl());
        this.http = http;
        this.json = JsonMapper.builder().build();
        this.clock = clock;
        this.credentials = new ZoomCredentialResolver(properties, json);
        this.tokens = new ZoomTokenCache(http, properties.tokenUrl(), json, clock, properties.tokenRefreshMargin());
    }

    static OkHttpClient httpClient(ZoomProperties properties) {
        return new OkHttpClient.Builder()
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.readTimeout())
                .callTimeout(properties.callTimeout())
                // one attempt per call: Temporal decides about retries, with the classification we report
                .retryOnConnectionFailure(false)
                .build();
    }

    @Override
    public CreatedMeeting createMeeting(ProviderTenant tenant, MeetingRequest request) {
        String operation = "createMeeting";
        ObjectNode body = json.createObjectNode();
        body.put("topic", withBookingId(request.topic(), request.bookingId(), MAX_TOPIC, " [booking ", "]"));
        body.put("type", SCHEDULED_MEETING);
        body.put("start_time", ZOOM_UTC.format(request.startUtc()));
        body.put("duration", minutes(request.duration()));
        body.put("timezone", request.timezone().getId());
        body.put("agenda", withBookingId(request.agenda(), request.bookingId(), MAX_AGENDA, "\n\nBooking ", ""));
        String host = hostOrApp(request.hostUser());
        JsonNode created;
        try {
            created = send(
                    tenant,
                    operation,
                    "POST",
                    meetingsOf(host),
                    body,
                    "creating the meeting of booking " + request.bookingId());
        } catch (ProviderException e) {
            if (!hostRefused(e) || host.equals(APP_USER)) {
                throw e;
            }
            // the salesperson has no user in the tenant's Zoom account (404, code 1001), or the app may not act for
            // other users (a scope missing: 400/403): the app's user hosts instead, and the customer may join
            // before the host, who would otherwise never arrive
            log.warn(
                    "Zoom refused the salesperson of booking {} as host ({}; tenant {}): the app's user hosts the meeting",
                    request.bookingId(),
                    e.httpStatus(),
                    tenant.slug());
            body.putObject("settings").put("join_before_host", true);
            created = send(
                    tenant,
                    operation,
                    "POST",
                    meetingsOf(APP_USER),
                    body,
                    "creating the meeting of booking " + request.bookingId() + " as the app's user");
        }
        String meetingId = created.path("id").asString("");
        String joinUrl = created.path("join_url").asString("");
        if (meetingId.isBlank() || joinUrl.isBlank()) {
            throw ProviderException.nonRetryable(
                    PROVIDER, operation, "the answer for booking " + request.bookingId() + " has no id/join_url");
        }
        log.info("Zoom meeting {} created for booking {} (tenant {})", meetingId, request.bookingId(), tenant.slug());
        return new CreatedMeeting(meetingId, joinUrl, created.path("start_url").asString(null));
    }

    @Override
    public List<String> findMeetingIds(ProviderTenant tenant, String hostUser, String bookingId) {
        List<String> found = new ArrayList<>();
        for (String host : new java.util.LinkedHashSet<>(List.of(hostOrApp(hostUser), APP_USER))) {
            try {
                found.addAll(findMeetingIdsOf(tenant, host, bookingId));
            } catch (ProviderException e) {
                // a host Zoom refuses has no meetings of ours: the create fell back to the app's user
                if (!hostRefused(e) || host.equals(APP_USER)) {
                    throw e;
                }
            }
        }
        return found;
    }

    private List<String> findMeetingIdsOf(ProviderTenant tenant, String host, String bookingId) {
        String operation = "findMeetingIds";
        List<String> found = new ArrayList<>();
        String pageToken = "";
        for (int page = 0; page < MAX_LIST_PAGES; page++) {
            HttpUrl.Builder url = meetingsOf(host)
                    .newBuilder()
                    .addQueryParameter("type", "upcoming")
                    .addQueryParameter("page_size", Integer.toString(LIST_PAGE_SIZE));
            if (!pageToken.isEmpty()) {
                url.addQueryParameter("next_page_token", pageToken);
            }
            JsonNode list = send(
                    tenant,
                    operation,
                    "GET",
                    url.build(),
                    null,
                    "looking for earlier meetings of booking " + bookingId);
            for (JsonNode meeting : list.path("meetings")) {
                // createMeeting puts the booking id in every topic; a UUID matches nothing else
                if (meeting.path("topic").asString("").contains(bookingId)) {
                    found.add(meeting.path("id").asString(""));
                }
            }
            pageToken = list.path("next_page_token").asString("");
            if (pageToken.isEmpty()) {
                return found;
            }
        }
        // a duplicate meeting is a smaller harm than a confirm that cannot finish
        log.warn(
                "Zoom: more than {} upcoming meetings for tenant {}; looked no further for booking {}",
                MAX_LIST_PAGES * LIST_PAGE_SIZE,
                tenant.slug(),
                bookingId);
        return found;
    }

    @Override
    public CreatedMeeting getMeeting(ProviderTenant tenant, String meetingId) {
        JsonNode meeting =
                send(tenant, "getMeeting", "GET", meetingUrl(meetingId), null, "reading meeting " + meetingId);
        String joinUrl = meeting.path("join_url").asString("");
        if (joinUrl.isBlank()) {
            throw ProviderException.nonRetryable(PROVIDER, "getMeeting", "meeting " + meetingId + " has no join_url");
        }
        return new CreatedMeeting(meetingId, joinUrl, meeting.path("start_url").asString(null));
    }

    @Override
    public void updateMeeting(
            ProviderTenant tenant, String meetingId, Instant startUtc, Duration duration, ZoneId timezone) {
        ObjectNode body = json.createObjectNode();
        body.put("start_time", ZOOM_UTC.format(startUtc));
        body.put("duration", minutes(duration));
        body.put("timezone", timezone.getId());
        send(tenant, "updateMeeting", "PATCH", meetingUrl(meetingId), body, "moving meeting " + meetingId);
        log.info("Zoom meeting {} moved to {} (tenant {})", meetingId, startUtc, tenant.slug());
    }

    @Override
    public void deleteMeeting(ProviderTenant tenant, String meetingId) {
        try {
            send(tenant, "deleteMeeting", "DELETE", meetingUrl(meetingId), null, "deleting meeting " + meetingId);
            log.info("Zoom meeting {} deleted (tenant {})", meetingId, tenant.slug());
        } catch (ProviderException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            log.info("Zoom meeting {} was already gone (tenant {})", meetingId, tenant.slug());
        }
    }

    /** {@code /users/{host}/meetings}: a user id or email, or {@code me} (the app's own user). */
    private HttpUrl meetingsOf(String host) {
        return baseUrl.newBuilder()
                .addPathSegment("users")
                .addPathSegment(host)
                .addPathSegment("meetings")
                .build();
    }

    /** Zoom's answers for a host it does not know (404) or the app may not act for (400/403: scopes). */
    private static boolean hostRefused(ProviderException e) {
        return !e.retryable() && (e.httpStatus() == 404 || e.httpStatus() == 403 || e.httpStatus() == 400);
    }

    private static String hostOrApp(String hostUser) {
        return hostUser == null || hostUser.isBlank() ? APP_USER : hostUser;
    }

    private HttpUrl meetingUrl(String meetingId) {
        return baseUrl.newBuilder()
                .addPathSegment("meetings")
                .addPathSegment(meetingId)
                .build();
    }

    /** One authenticated request; the parsed answer (an empty object for 204). */
    private JsonNode send(
            ProviderTenant tenant, String operation, String method, HttpUrl url, ObjectNode body, String context) {
        ZoomCredentials app = credentials.forTenant(tenant, operation);
        ZoomTokenCache.AccessToken token = tokens.token(tenant, app, operation);
        Request request = new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + token.value())
                .header("Accept", "application/json")
                .method(method, body == null ? null : RequestBody.create(json.writeValueAsString(body), JSON))
                .build();
        String fullContext = context + " for tenant '" + tenant.slug() + "'";
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 401) {
                return unauthorized(operation, app, token, response, fullContext);
            }
            if (!response.isSuccessful()) {
                throw ZoomFailures.fromResponse(operation, response, json, clock, fullContext);
            }
            String text = response.body().string();
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            throw ZoomFailures.fromIo(operation, e, fullContext);
        } catch (JacksonException e) {
            throw ProviderException.nonRetryable(PROVIDER, operation, fullContext + ": the answer is not JSON");
        }
    }

    /**
     * A cached token may have been revoked or rotated: drop it and let the next attempt fetch a new one. A
     * token fetched for this very call that Zoom still refuses means the app itself lacks access.
     */
    private JsonNode unauthorized(
            String operation,
            ZoomCredentials app,
            ZoomTokenCache.AccessToken token,
            Response response,
            String context) {
        tokens.invalidate(app, token.value());
        ProviderException.Kind kind =
                token.fetchedNow() ? ProviderException.Kind.NON_RETRYABLE : ProviderException.Kind.RETRYABLE;
        throw new ProviderException(
                PROVIDER,
                operation,
                kind,
                401,
                null,
                context + ": Zoom refused the access token (" + ZoomFailures.describeError(response, json) + ")",
                null);
    }

    /** Zoom takes whole minutes; a partial minute is rounded up so the meeting never ends early. */
    private static int minutes(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        long minutes = (seconds + 59) / 60;
        if (minutes <= 0) {
            throw new IllegalArgumentException("meeting duration must be positive: " + duration);
        }
        return Math.toIntExact(minutes);
    }

    /** The text with the booking id appended (unless already there), cut to Zoom's limit keeping the id. */
    private static String withBookingId(String text, String bookingId, int max, String prefix, String suffix) {
        String base = text == null ? "" : text.strip();
        if (base.isEmpty()) {
            return "Booking " + bookingId;
        }
        if (base.contains(bookingId)) {
            return base.length() <= max ? base : base.substring(0, max);
        }
        String tag = prefix + bookingId + suffix;
        int room = max - tag.length();
        if (base.length() > room) {
            base = base.substring(0, Math.max(0, room - 3)).strip() + "...";
        }
        return base + tag;
    }
}
