package com.salesbooking.api.idempotency;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.error.ProblemHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Idempotency-Key for every public POST, stored in PostgreSQL, with Stripe's semantics (and the IETF
 * httpapi draft's): the same key and the same request get the stored response byte for byte; the same key
 * with another request gets 422; the same key while the first request still runs gets 409. Outcomes that a
 * retry could change (429, 5xx) are not stored, so the client may retry with the same key. Keys live 24 h.
 */
@Service
public class IdempotencyService {

    /** How long a key is remembered. */
    static final Duration KEY_LIFETIME = Duration.ofHours(24);
    /**
     * A request "in progress" for longer than this was lost (its api instance died); a retry may take it over.
     * Longer than any request may take (the slowest, confirm, gives up after about 30 s).
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    public IdempotencyService(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Checks the header's value; blank or absent is 400 {@code idempotency_key_missing}. */
    public static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_MISSING, "every POST needs an Idempotency-Key header");
        }
        if (key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ApiException(
                    ErrorCode.INVALID_REQUEST,
                    "Idempotency-Key must be 1-255 visible ASCII characters",
                    "Idempotency-Key",
                    null);
        }
        return key;
    }

    /**
     * Runs {@code action} once per (tenant, key).
     *
     * @param operation names the endpoint, so one key cannot be replayed against another endpoint
     * @param request   the parsed request (serialized canonically to fingerprint it)
     * @param action    the work; returns the success status and body, or throws {@link ApiException}
     */
    public ResponseEntity<String> execute(
            UUID tenantId, String key, String operation, Object request, Supplier<Result> action) {
        String fingerprint = fingerprint(operation, request);
        Instant now = clock.instant();
        if (!claim(tenantId, key, fingerprint, now)) {
            return replayOrRefuse(tenantId, key, fingerprint, now, operation, request, action);
        }
        Result result;
        try {
            result = action.get();
        } catch (ApiException e) {
            ResponseEntity<?> problem = ProblemHandler.problem(e.code(), e.getMessage(), e.field(), e.retryAfter());
            String body = json.writeValueAsString(problem.getBody());
            if (storable(e.code().status())) {
                complete(tenantId, key, e.code().status().value(), body);
            } else {
                release(tenantId, key);
            }
            return ResponseEntity.status(problem.getStatusCode())
                    .headers(problem.getHeaders())
                    .body(body);
        } catch (RuntimeException e) {
            release(tenantId, key);
            throw e;
        }
        String body = json.writeValueAsString(result.body());
        complete(tenantId, key, result.status().value(), body);
        return response(result.status().value(), body);
    }

    /**
     * The stored answer for a key that already completed with the same request (422 for another request), so a
     * replay is answered before any check that the first request's own effects would now fail.
     */
    public java.util.Optional<ResponseEntity<String>> replay(
            UUID tenantId, String key, String operation, Object request) {
        Instant now = clock.instant();
        java.util.Optional<Stored> stored = stored(tenantId, key)
                .filter(s -> "completed".equals(s.state()) && s.expiresAt().isAfter(now));
        if (stored.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (!stored.get().requestHash().equals(fingerprint(operation, request))) {
            throw new ApiException(
                    ErrorCode.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with a different request");
        }
        return java.util.Optional.of(
                response(stored.get().responseStatus(), stored.get().responseBody()));
    }

    private java.util.Optional<Stored> stored(UUID tenantId, String key) {
        return jdbc.sql("""
                        SELECT request_hash, state, response_status, response_body, created_at, expires_at
                          FROM idempotency_keys WHERE tenant_id = ? AND key = ?""")
                .params(tenantId, key)
                .query((rs, i) -> new Stored(
                        rs.getString(1),
                        rs.getString(2),
                        (Integer) rs.getObject(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant()))
                .optional();
    }

    private ResponseEntity<String> replayOrRefuse(
            UUID tenantId,
            String key,
            String fingerprint,
            Instant now,
            String operation,
            Object request,
            Supplier<Result> action) {
        var stored = stored(tenantId, key);
        if (stored.isEmpty()) {
            // released between our insert attempt and this read: try once more from the start
            return execute(tenantId, key, operation, request, action);
        }
        Stored s = stored.get();
        if (s.expiresAt().isBefore(now)) {
            jdbc.sql("DELETE FROM idempotency_keys WHERE tenant_id = ? AND key = ? AND expires_at = ?")
                    .params(tenantId, key, Timestamp.from(s.expiresAt()))
                    .update();
            return execute(tenantId, key, operation, request, action);
        }
        if (!s.requestHash().equals(fingerprint)) {
            throw new ApiException(
                    ErrorCode.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with a different request");
        }
        if ("completed".equals(s.state())) {
            return response(s.responseStatus(), s.responseBody());
        }
        if (s.createdAt().plus(ABANDONED_AFTER).isBefore(now)) {
            int taken = jdbc.sql("""
                            UPDATE idempotency_keys SET created_at = ? WHERE tenant_id = ? AND key = ?
                               AND state = 'in_progress' AND created_at = ?""")
                    .params(Timestamp.from(now), tenantId, key, Timestamp.from(s.createdAt()))
                    .update();
            if (taken == 1) {
                release(tenantId, key);
                return execute(tenantId, key, operation, request, action);
            }
        }
        throw new ApiException(
                ErrorCode.REQUEST_IN_PROGRESS,
                "a request with this Idempotency-Key is still running; retry shortly",
                null,
                Duration.ofSeconds(1));
    }

    private boolean claim(UUID tenantId, String key, String fingerprint, Instant now) {
        return jdbc.sql("""
                        INSERT INTO idempotency_keys (tenant_id, key, request_hash, state, created_at, expires_at)
                        VALUES (?, ?, ?, 'in_progress', ?, ?) ON CONFLICT (tenant_id, key) DO NOTHING""")
                        .params(tenantId, key, fingerprint, Timestamp.from(now), Timestamp.from(now.plus(KEY_LIFETIME)))
                        .update()
                == 1;
    }

    private void complete(UUID tenantId, String key, int status, String body) {
        jdbc.sql("""
                        UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ?
                         WHERE tenant_id = ? AND key = ?""").params(status, body, tenantId, key).update();
    }

    private void release(UUID tenantId, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE tenant_id = ? AND key = ? AND state = 'in_progress'")
                .params(tenantId, key)
                .update();
    }

    /** 2xx and 4xx are the request's outcome; 429 and 5xx may change on retry, so they are not stored. */
    private static boolean storable(HttpStatus status) {
        return status.value() < 500 && status != HttpStatus.TOO_MANY_REQUESTS;
    }

    private String fingerprint(String operation, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An answer stored under no key (e.g. repeating an outcome that is already final), written exactly as
     * {@link #execute} writes a fresh one.
     */
    public ResponseEntity<String> unstored(Result result) {
        return response(result.status().value(), json.writeValueAsString(result.body()));
    }

    private static ResponseEntity<String> response(int status, String body) {
        MediaType type = status >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
        return ResponseEntity.status(status).contentType(type).body(body);
    }

    /** A success: its status and body. */
    public record Result(HttpStatus status, Object body) {}

    private record Stored(
            String requestHash,
            String state,
            Integer responseStatus,
            String responseBody,
            Instant createdAt,
            Instant expiresAt) {}
}
