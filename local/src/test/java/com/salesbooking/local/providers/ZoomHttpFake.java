package com.salesbooking.local.providers;

import com.salesbooking.local.providers.HttpFake.Answer;
import com.salesbooking.local.providers.HttpFake.Request;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Zoom on loopback: Server-to-Server OAuth at {@code /oauth/token} (issues zoom-token-1, -2, ...) and the REST API
 * under {@code /v2}: meeting create (ids from 85000000001 on), update and delete.
 */
final class ZoomHttpFake implements AutoCloseable {

    static final String TOKEN_PATH = "/oauth/token";
    /** A user's meetings: {@code /v2/users/{user id, email or me}/meetings}. */
    static final java.util.regex.Pattern MEETINGS_PATH = java.util.regex.Pattern.compile("^/v2/users/[^/]+/meetings$");

    /** A meeting the fake created: its id, join URL and the request's topic. */
    record CreatedMeeting(String id, String joinUrl, String topic) {}

    private final AtomicInteger tokens = new AtomicInteger();
    private final AtomicLong meetingIds = new AtomicLong(85_000_000_000L);
    /** token value -> the token request that issued it */
    private final Map<String, Request> issuedBy = new ConcurrentHashMap<>();

    private final Map<String, CreatedMeeting> created = new ConcurrentHashMap<>();
    final HttpFake http = new HttpFake(this::route);

    String baseUrl() {
        return http.url("/v2");
    }

    String tokenUrl() {
        return http.url(TOKEN_PATH);
    }

    private Answer route(Request request) {
        String path = request.path();
        if (request.method().equals("POST") && path.equals(TOKEN_PATH)) {
            String token = "zoom-token-" + tokens.incrementAndGet();
            issuedBy.put(token, request);
            return Answer.json(200, """
                    {"access_token":"%s","token_type":"bearer","expires_in":3599,"scope":"meeting:write:admin"}""".formatted(token));
        }
        if (request.method().equals("POST") && MEETINGS_PATH.matcher(path).matches()) {
            JsonNode body = request.json();
            String id = Long.toString(meetingIds.incrementAndGet());
            String joinUrl = "https://zoom.example/j/" + id + "?pwd=fake";
            created.put(id, new CreatedMeeting(id, joinUrl, body.path("topic").asString()));
            return Answer.json(201, """
                    {"id":%s,"uuid":"u-%s","type":2,"topic":%s,"start_time":%s,"duration":%d,"timezone":%s,
                     "join_url":"%s","start_url":"https://zoom.example/s/%s?zak=secret"}""".formatted(
                            id,
                            id,
                            body.path("topic"),
                            body.path("start_time"),
                            body.path("duration").asInt(),
                            body.path("timezone"),
                            joinUrl,
                            id));
        }
        if (path.startsWith("/v2/meetings/")) {
            String id = path.substring("/v2/meetings/".length());
            if (!created.containsKey(id)) {
                return Answer.json(404, "{\"code\":3001,\"message\":\"Meeting does not exist: " + id + ".\"}");
            }
            if (request.method().equals("DELETE") || request.method().equals("PATCH")) {
                return Answer.empty(204);
            }
        }
        return Answer.json(404, "{\"code\":404,\"message\":\"no such route in the fake\"}");
    }

    /** The meetings created for the booking (its id is in the topic), in creation order. */
    List<CreatedMeeting> meetingsOf(String bookingId) {
        return created.values().stream()
                .filter(m -> m.topic().contains(bookingId))
                .sorted(java.util.Comparator.comparing(CreatedMeeting::id))
                .toList();
    }

    /** The token request that issued the token this request carries (null when none did). */
    Request tokenRequestFor(Request apiRequest) {
        String authorization = apiRequest.header("Authorization");
        return authorization == null || !authorization.startsWith("Bearer ")
                ? null
                : issuedBy.get(authorization.substring("Bearer ".length()));
    }

    @Override
    public void close() {
        http.close();
    }
}
