package com.salesbooking.providers.graph;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings under {@code booking.graph} (see booking-defaults.yml for the environment variables). One
 * multi-tenant Entra app (client id + secret) gets a token in each customer's Entra tenant; a setting left
 * unset takes the default below.
 *
 * @param clientId                 the Entra app's client id
 * @param clientSecret             the Entra app's client secret (never printed)
 * @param baseUrl                  Graph root including the version, e.g. {@code https://graph.microsoft.com/v1.0}
 * @param authorityHost            Entra authority, e.g. {@code https://login.microsoftonline.com/}
 * @param connectTimeout           TCP + TLS connect time-out
 * @param readTimeout              time-out between two reads of an answer
 * @param callTimeout              time-out of a whole Graph call
 * @param mailboxPermitWait        longest wait for one of the mailbox's concurrent-request permits
 * @param maxConcurrentPerMailbox  Graph's limit of concurrent requests per app and mailbox
 */
@ConfigurationProperties("booking.graph")
public record GraphProperties(
        String clientId,
        String clientSecret,
        String baseUrl,
        String authorityHost,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        Duration mailboxPermitWait,
        Integer maxConcurrentPerMailbox) {

    // Graph sits behind Azure Front Door; 5 s without a TCP/TLS handshake means a network problem worth a retry
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // creating an event with a Teams meeting can take several seconds; 15 s of silence is a hung request
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
    // permit wait + call must end inside the provider activities' 30 s start-to-close time-out (5 s left for the
    // activity's own database work), or a timed-out attempt keeps calling while Temporal starts the next one:
    // 5 s + 18 s = 23 s (GraphCallBudgetTest)
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(18);
    // four calls to the same mailbox already in flight finish in seconds; waiting longer only piles up workers
    static final Duration DEFAULT_MAILBOX_PERMIT_WAIT = Duration.ofSeconds(5);
    // Outlook's documented limit: 4 concurrent requests per app per mailbox, more answer 429
    static final int DEFAULT_MAX_CONCURRENT_PER_MAILBOX = 4;

    public GraphProperties {
        baseUrl = stripTrailingSlash(isBlank(baseUrl) ? "https://graph.microsoft.com/v1.0" : baseUrl);
        authorityHost = isBlank(authorityHost) ? "https://login.microsoftonline.com/" : authorityHost;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        mailboxPermitWait = mailboxPermitWait == null ? DEFAULT_MAILBOX_PERMIT_WAIT : mailboxPermitWait;
        maxConcurrentPerMailbox =
                maxConcurrentPerMailbox == null ? DEFAULT_MAX_CONCURRENT_PER_MAILBOX : maxConcurrentPerMailbox;
    }

    /**
     * Fails start-up in real mode when the app's credentials are missing.
     *
     * @throws IllegalStateException naming the setting and its environment variable
     */
    void requireCredentials() {
        if (isBlank(clientId)) {
            throw new IllegalStateException(
                    "booking.graph.client-id (GRAPH_CLIENT_ID) must be set when booking.providers.mode=real");
        }
        if (isBlank(clientSecret)) {
            throw new IllegalStateException(
                    "booking.graph.client-secret (GRAPH_CLIENT_SECRET) must be set when booking.providers.mode=real");
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "GraphProperties[clientId=" + clientId + ", clientSecret="
                + (isBlank(clientSecret) ? "<unset>" : "<redacted>")
                + ", baseUrl=" + baseUrl + ", authorityHost=" + authorityHost + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout + ", mailboxPermitWait="
                + mailboxPermitWait + ", maxConcurrentPerMailbox=" + maxConcurrentPerMailbox + "]";
    }
}
