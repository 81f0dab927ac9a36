package com.salesbooking.providers.zoom;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings under {@code booking.zoom} (see booking-defaults.yml for the environment variables). A
 * timeout left unset takes the default below.
 *
 * @param baseUrl            Zoom REST API root, e.g. {@code https://api.zoom.us/v2}
 * @param tokenUrl           Server-to-Server OAuth token endpoint, e.g. {@code https://zoom.us/oauth/token}
 * @param accountId          the default app's account id (used by tenants without their own entry)
 * @param clientId           the default app's client id
 * @param clientSecret       the default app's client secret
 * @param tenantCredentials  JSON {@code {"<slug>": {"account_id", "client_id", "client_secret"}}}
 * @param connectTimeout     TCP + TLS connect time-out
 * @param readTimeout        time-out between two reads of an answer
 * @param callTimeout        time-out of a whole call, request to last byte
 * @param tokenRefreshMargin a token is refreshed this long before it expires
 */
@ConfigurationProperties("booking.zoom")
public record ZoomProperties(
        String baseUrl,
        String tokenUrl,
        String accountId,
        String clientId,
        String clientSecret,
        String tenantCredentials,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        Duration tokenRefreshMargin) {

    // Zoom answers from nearby edges; 5 s without a TCP/TLS handshake means a network problem worth a retry
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // meeting create/update answers in well under a second normally; 5 s of silence is a hung call
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    // a retried create makes up to five calls in one attempt (token, the host's and the app user's meeting lists, the
    // found meeting, the create): 5 x 5 s = 25 s stays inside the activity's 30 s start-to-close time-out, so a
    // timed-out attempt never creates beside its successor (ZoomCallBudgetTest)
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
    // Zoom tokens live 1 h; refreshing 5 min early keeps a token from expiring mid-call or on a skewed clock
    static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofMinutes(5);

    public ZoomProperties {
        baseUrl = stripTrailingSlash(baseUrl == null || baseUrl.isBlank() ? "https://api.zoom.us/v2" : baseUrl);
        tokenUrl = tokenUrl == null || tokenUrl.isBlank() ? "https://zoom.us/oauth/token" : tokenUrl;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        tokenRefreshMargin = tokenRefreshMargin == null ? DEFAULT_TOKEN_REFRESH_MARGIN : tokenRefreshMargin;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Never prints the secrets (client secret, the per-tenant JSON). */
    @Override
    public String toString() {
        return "ZoomProperties[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", accountId=" + accountId
                + ", clientId=" + clientId + ", clientSecret=" + (isBlank(clientSecret) ? "<unset>" : "<redacted>")
                + ", tenantCredentials=" + (isBlank(tenantCredentials) ? "<unset>" : "<redacted>")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", callTimeout=" + callTimeout + ", tokenRefreshMargin=" + tokenRefreshMargin + "]";
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
