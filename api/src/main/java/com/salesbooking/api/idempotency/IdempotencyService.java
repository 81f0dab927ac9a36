package com.salesbooking.api.idempotency;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.error.ProblemHandler;
import com.salesbooking.store.idempotency.IdempotencyKeys;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
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

    private final IdempotencyKeys keys;
    private final JsonMapper json;
    private final Clock clock;

    public IdempotencyService(IdempotencyKeys keys, JsonMapper json, Clock clock) {
        this.keys = keys;
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
        return execute(tenantId, key, operation, request, () -> null, ignored -> action.get());
    }

    /**
     * Runs {@code checks} and then {@code action} once per (tenant, key), claiming the key (or finding its stored
     * answer) in one round trip before either. A refusal by {@code checks} is answered as if the key had never been
     * claimed: the key is given back and nothing is stored, so a retry after the refusal's cause is gone runs anew.
     *
     * @param checks refusals that must leave nothing written (e.g. an unknown salesperson); their result is handed to
     *               {@code action}
     */
    public <T> ResponseEntity<String> execute(
            UUID tenantId,
            String key,
            String operation,
            Object request,
            Supplier<T> checks,
            Function<T, Result> action) {
        String fingerprint = fingerprint(operation, request);
        // a key freed below (expired, or released or taken over by another request in between) is claimed again; two
        // rounds cover every interleaving but a pathological one
        for (int round = 0; ; round++) {
            Instant now = clock.instant();
            IdempotencyKeys.Claim claim = keys.claimOrRead(tenantId, key, fingerprint, now, now.plus(KEY_LIFETIME));
            if (claim.claimed()) {
                return run(tenantId, key, checks, action);
            }
            if (claim.stored().isPresent()) {
                IdempotencyKeys.StoredKey stored = claim.stored().get();
                if (stored.expiresAt().isBefore(now)) {
                    keys.deleteExpired(tenantId, key, stored.expiresAt());
                } else if (!stored.requestHash().equals(fingerprint)) {
                    throw keyReused();
                } else if (stored.completed()) {
                    return response(stored.responseStatus(), stored.responseBody());
                } else if (!stored.createdAt().plus(ABANDONED_AFTER).isBefore(now)) {
                    throw inProgress();
                } else if (keys.takeOverAbandoned(tenantId, key, stored.createdAt(), now)) {
                    // its request was abandoned (its api instance died): this request runs in its place
                    return run(tenantId, key, checks, action);
                }
            }
            if (round >= 3) {
                throw inProgress();
            }
        }
    }

    private <T> ResponseEntity<String> run(UUID tenantId, String key, Supplier<T> checks, Function<T, Result> action) {
        T checked;
        try {
            checked = checks.get();
        } catch (RuntimeException e) {
            keys.release(tenantId, key);
            throw e;
        }
        Result result;
        try {
            result = action.apply(checked);
        } catch (ApiException e) {
            ResponseEntity<?> problem = ProblemHandler.problem(e.code(), e.getMessage(), e.field(), e.retryAfter());
            String body = json.writeValueAsString(problem.getBody());
            if (storable(e.code().status())) {
                keys.complete(tenantId, key, e.code().status().value(), body);
            } else {
                keys.release(tenantId, key);
            }
            return ResponseEntity.status(problem.getStatusCode())
                    .headers(problem.getHeaders())
                    .body(body);
        } catch (RuntimeException e) {
            keys.release(tenantId, key);
            throw e;
        }
        String body = json.writeValueAsString(result.body());
        keys.complete(tenantId, key, result.status().value(), body);
        return response(result.status().value(), body);
    }

    /**
     * The stored answer for a key that already completed with the same request (422 for another request), so a
     * replay is answered before any check that the first request's own effects would now fail.
     */
    public Optional<ResponseEntity<String>> replay(UUID tenantId, String key, String operation, Object request) {
        Instant now = clock.instant();
        Optional<IdempotencyKeys.StoredKey> stored = keys.find(tenantId, key)
                .filter(s -> s.completed() && s.expiresAt().isAfter(now));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!stored.get().requestHash().equals(fingerprint(operation, request))) {
            throw keyReused();
        }
        return Optional.of(response(stored.get().responseStatus(), stored.get().responseBody()));
    }

    private static ApiException keyReused() {
        return new ApiException(
                ErrorCode.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with a different request");
    }

    private static ApiException inProgress() {
        return new ApiException(
                ErrorCode.REQUEST_IN_PROGRESS,
                "a request with this Idempotency-Key is still running; retry shortly",
                null,
                Duration.ofSeconds(1));
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
}
