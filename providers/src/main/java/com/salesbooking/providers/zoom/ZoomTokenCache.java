package com.salesbooking.providers.zoom;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Server-to-Server OAuth access tokens ({@code grant_type=account_credentials}), one per Zoom app, kept
 * until {@code refreshMargin} before they expire. When the token is missing or due, exactly one caller per
 * app fetches a new one while the app's other callers wait for it; callers of other apps are not held up.
 */
final class ZoomTokenCache {

    private static final Logger log = LoggerFactory.getLogger(ZoomTokenCache.class);

    private final OkHttpClient http;
    private final HttpUrl tokenUrl;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration refreshMargin;
    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

    ZoomTokenCache(OkHttpClient http, String tokenUrl, JsonMapper json, Clock clock, Duration refreshMargin) {
        this.http = http;
        this.tokenUrl = HttpUrl.get(tokenUrl);
        this.json = json;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
    }

    /**
     * @param value     the bearer token
     * @param fetchedNow true when this call obtained it from the token endpoint (not from the cache)
     */
    record AccessToken(String value, boolean fetchedNow) {
        @Override
        public String toString() {
            return "AccessToken[<redacted>, fetchedNow=" + fetchedNow + "]";
        }
    }

    private record CachedToken(String value, Instant refreshAt) {}

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile CachedToken token;
    }

    /** A valid token for the app, fetched when missing or due. */
    AccessToken token(ProviderTenant tenant, ZoomCredentials credentials, String operation) {
        Slot slot = slots.computeIfAbsent(credentials.cacheKey(), key -> new Slot());
        CachedToken cached = slot.token;
        if (isUsable(cached)) {
            return new AccessToken(cached.value(), false);
        }
        slot.lock.lock();
        try {
            cached = slot.token;
            if (isUsable(cached)) {
                return new AccessToken(cached.value(), false);
            }
            CachedToken fresh = fetch(tenant, credentials, operation);
            slot.token = fresh;
            return new AccessToken(fresh.value(), true);
        } finally {
            slot.lock.unlock();
        }
    }

    /** Forgets a token Zoom refused, unless another caller has already replaced it. */
    void invalidate(ZoomCredentials credentials, String tokenValue) {
        Slot slot = slots.get(credentials.cacheKey());
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            CachedToken cached = slot.token;
            if (cached != null && cached.value().equals(tokenValue)) {
                slot.token = null;
            }
        } finally {
            slot.lock.unlock();
        }
    }

    private boolean isUsable(CachedToken token) {
        return token != null && clock.instant().isBefore(token.refreshAt());
    }

    private CachedToken fetch(ProviderTenant tenant, ZoomCredentials credentials, String operation) {
        Request request = new Request.Builder()
                .url(tokenUrl)
                .header("Authorization", Credentials.basic(credentials.clientId(), credentials.clientSecret()))
                .header("Accept", "application/json")
                .post(new FormBody.Builder()
                        .add("grant_type", "account_credentials")
                        .add("account_id", credentials.accountId())
                        .build())
                .build();
        String context = "Zoom access token request for tenant '" + tenant.slug() + "'";
        Instant requestedAt = clock.instant();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 400 || response.code() == 401 || response.code() == 403) {
                throw new ProviderException(
                        ZoomMeetingProvider.PROVIDER,
                        operation,
                        ProviderException.Kind.NON_RETRYABLE,
                        response.code(),
                        null,
                        "Zoom rejected the credentials of tenant '" + tenant.slug() + "' (account "
                                + credentials.accountId() + "): " + ZoomFailures.describeError(response, json),
                        null);
            }
            if (!response.isSuccessful()) {
                throw ZoomFailures.fromResponse(operation, response, json, clock, context);
            }
            JsonNode body = json.readTree(response.body().string());
            String value = body.path("access_token").asString("");
            long expiresIn = body.path("expires_in").asLong(0);
            if (value.isBlank() || expiresIn <= 0) {
                throw ProviderException.nonRetryable(
                        ZoomMeetingProvider.PROVIDER,
                        operation,
                        context + ": the answer has no access_token/expires_in");
            }
            Duration lifetime = Duration.ofSeconds(expiresIn);
            // a token shorter-lived than the margin would never be usable: keep it for half its life instead
            Duration keep =
                    lifetime.compareTo(refreshMargin) > 0 ? lifetime.minus(refreshMargin) : lifetime.dividedBy(2);
            log.debug(
                    "Zoom access token obtained for tenant {} (account {}), valid {} s",
                    tenant.slug(),
                    credentials.accountId(),
                    expiresIn);
            return new CachedToken(value, requestedAt.plus(keep));
        } catch (IOException e) {
            throw ZoomFailures.fromIo(operation, e, context);
        } catch (JacksonException e) {
            throw ProviderException.nonRetryable(
                    ZoomMeetingProvider.PROVIDER, operation, context + ": the answer is not JSON");
        }
    }
}
