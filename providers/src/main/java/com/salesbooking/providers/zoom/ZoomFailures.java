package com.salesbooking.providers.zoom;

import com.salesbooking.providers.ProviderException;
import okhttp3.Headers;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Classifies Zoom failures for Temporal: 429, 5xx, time-outs and broken connections may succeed later,
 * every other answer will not. Messages carry Zoom's error code and text, never a token or secret.
 */
final class ZoomFailures {

    // enough of an error body for Zoom's {"code", "message"}; a larger body is not an error description
    private static final long MAX_ERROR_BODY_BYTES = 4096;
    // Zoom's per-second (QPS) limits reset within a second
    private static final Duration QPS_LIMIT_WAIT = Duration.ofSeconds(1);
    // Zoom's messages may quote a user's address; failures end up in logs and workflow histories
    private static final Pattern EMAIL = Pattern.compile("[\\w.%+-]+@[\\w-]+(\\.[\\w-]+)+");

    private ZoomFailures() {}

    static ProviderException fromResponse(
            String operation, Response response, JsonMapper json, Clock clock, String context) {
        int status = response.code();
        String detail = context + ": " + describeError(response, json);
        if (status == 429) {
            return new ProviderException(
                    ZoomMeetingProvider.PROVIDER,
                    operation,
                    ProviderException.Kind.RETRYABLE,
                    status,
                    retryAfter(response.headers(), clock),
                    detail,
                    null);
        }
        if (status >= 500) {
            return new ProviderException(
                    ZoomMeetingProvider.PROVIDER,
                    operation,
                    ProviderException.Kind.RETRYABLE,
                    status,
                    retryAfterHeader(response.headers().get("Retry-After"), clock),
                    detail,
                    null);
        }
        return new ProviderException(
                ZoomMeetingProvider.PROVIDER,
                operation,
                ProviderException.Kind.NON_RETRYABLE,
                status,
                null,
                detail,
                null);
    }

    /** Time-outs, resets, refused connections, interrupted calls: all may succeed on another attempt. */
    static ProviderException fromIo(String operation, IOException e, String context) {
        return new ProviderException(
                ZoomMeetingProvider.PROVIDER,
                operation,
                ProviderException.Kind.RETRYABLE,
                0,
                null,
                context + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
                e);
    }

    /**
     * How long Zoom asked us to wait: {@code Retry-After} (seconds, an ISO instant as Zoom sends for daily
     * limits, or an HTTP date); else {@code X-RateLimit-Reset}; else, from {@code X-RateLimit-Type}, the next
     * UTC midnight for a daily limit or one second for a per-second limit; else null (Temporal's back-off).
     */
    static Duration retryAfter(Headers headers, Clock clock) {
        Duration fromRetryAfter = retryAfterHeader(headers.get("Retry-After"), clock);
        if (fromRetryAfter != null) {
            return fromRetryAfter;
        }
        Duration fromReset = resetHeader(headers.get("X-RateLimit-Reset"), clock);
        if (fromReset != null) {
            return fromReset;
        }
        String type = headers.get("X-RateLimit-Type");
        if (type != null) {
            String normalized = type.toLowerCase(Locale.ROOT);
            if (normalized.contains("daily")) {
                // Zoom's daily limits reset at 00:00 GMT
                Instant now = clock.instant();
                Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC)
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                return Duration.between(now, midnight);
            }
            if (normalized.contains("qps") || normalized.contains("second")) {
                return QPS_LIMIT_WAIT;
            }
        }
        return null;
    }

    private static Duration retryAfterHeader(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        Instant at = parseInstant(trimmed);
        return at == null ? null : untilNonNegative(clock, at);
    }

    private static Duration resetHeader(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            long number = Long.parseLong(trimmed);
            // a Unix time (seconds) is in the billions; anything small is a number of seconds to wait
            return number > 1_000_000_000L
                    ? untilNonNegative(clock, Instant.ofEpochSecond(number))
                    : Duration.ofSeconds(number);
        }
        Instant at = parseInstant(trimmed);
        return at == null ? null : untilNonNegative(clock, at);
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeException notIso) {
            try {
                return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (DateTimeException notHttpDate) {
                return null;
            }
        }
    }

    private static Duration untilNonNegative(Clock clock, Instant at) {
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /**
     * Zoom's {@code code} and {@code message} (or the OAuth {@code error}/{@code reason}), shortened, email
     * addresses masked.
     */
    static String describeError(Response response, JsonMapper json) {
        return EMAIL.matcher(describeErrorUnmasked(response, json)).replaceAll("<email>");
    }

    private static String describeErrorUnmasked(Response response, JsonMapper json) {
        String text = bodyPrefix(response);
        if (text.isBlank()) {
            return "no error body";
        }
        try {
            JsonNode node = json.readTree(text);
            if (node.has("message") || node.has("code")) {
                return "Zoom code " + node.path("code").asString("?") + ": "
                        + node.path("message").asString("");
            }
            if (node.has("reason") || node.has("error")) {
                return node.path("error").asString("") + ": "
                        + node.path("reason").asString("");
            }
        } catch (JacksonException notJson) {
            // fall through to the raw text
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String bodyPrefix(Response response) {
        try {
            return response.peekBody(MAX_ERROR_BODY_BYTES).string();
        } catch (IOException unreadable) {
            return "";
        }
    }
}
