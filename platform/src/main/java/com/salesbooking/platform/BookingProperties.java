package com.salesbooking.platform;

import com.salesbooking.platform.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The {@code booking.*} settings (environment variable names in booking-defaults.yml). Invalid values fail
 * the start-up with a message that names the setting and its environment variable. A setting the start-up check
 * ({@link Settings}) also knows is checked here with the same declaration, so the two never disagree.
 */
@ConfigurationProperties("booking")
public record BookingProperties(
        String baseUrl,
        String webhookBaseUrl,
        Duration holdTtl,
        Duration attendanceWindow,
        Limits limits,
        Temporal temporal,
        Tokens tokens,
        Providers providers) {

    public BookingProperties {
        Settings.BASE_URL.require(baseUrl);
        if (webhookBaseUrl == null || webhookBaseUrl.isBlank()) {
            webhookBaseUrl = baseUrl;
        }
        Settings.WEBHOOK_BASE_URL.require(webhookBaseUrl);
        if (holdTtl == null
                || holdTtl.isNegative()
                || holdTtl.isZero()
                || holdTtl.compareTo(Duration.ofHours(24)) > 0) {
            throw invalid(
                    "booking.hold-ttl", "BOOKING_HOLD_TTL", "an ISO-8601 duration between PT1S and PT24H, e.g. PT10M");
        }
        if (attendanceWindow == null || attendanceWindow.isNegative()) {
            throw invalid(
                    "booking.attendance-window",
                    "BOOKING_ATTENDANCE_WINDOW",
                    "a non-negative ISO-8601 duration, e.g. P30D");
        }
        if (limits == null) {
            limits = new Limits(3, 5, null, null);
        }
        if (temporal == null) {
            throw Settings.TEMPORAL_ADDRESS.invalid();
        }
        if (tokens == null) {
            throw invalid("booking.tokens.signing-keys", "TOKEN_SIGNING_KEYS", "kid:base64secret[,kid:base64secret]");
        }
        if (providers == null) {
            providers = new Providers("real");
        }
    }

    /** Abuse limits. */
    /**
     * @param maxHoldsPerClient holds one client address may place per {@code clientWindow} (per api replica): bots
     *                          squatting slots under many email addresses still come from few addresses
     */
    public record Limits(
            int maxUnconfirmedPerEmail,
            int maxVerifyEmailsPerBooking,
            Integer maxHoldsPerClient,
            Duration clientWindow) {
        public Limits {
            if (maxHoldsPerClient == null) {
                // far above what one person books, or an office behind one address, in ten minutes
                maxHoldsPerClient = 20;
            }
            if (clientWindow == null) {
                // as long as a hold lives: a squatter has to keep re-holding within it
                clientWindow = Duration.ofMinutes(10);
            }
            if (maxHoldsPerClient < 1) {
                throw invalid(
                        "booking.limits.max-holds-per-client", "BOOKING_MAX_HOLDS_PER_CLIENT", "a whole number >= 1");
            }
            if (clientWindow.compareTo(Duration.ofMinutes(1)) < 0 || clientWindow.compareTo(Duration.ofHours(24)) > 0) {
                throw invalid(
                        "booking.limits.client-window", "BOOKING_CLIENT_HOLD_WINDOW", "a duration from PT1M to PT24H");
            }
            if (maxUnconfirmedPerEmail < 1) {
                throw invalid(
                        "booking.limits.max-unconfirmed-per-email",
                        "BOOKING_MAX_UNCONFIRMED_PER_EMAIL",
                        "a whole number >= 1");
            }
            if (maxVerifyEmailsPerBooking < 1) {
                throw invalid(
                        "booking.limits.max-verify-emails-per-booking",
                        "BOOKING_MAX_VERIFY_EMAILS",
                        "a whole number >= 1");
            }
        }
    }

    /** How to reach Temporal. */
    public record Temporal(
            String address,
            String namespace,
            String taskQueue,
            String apiKey,
            String tlsCertPath,
            String tlsKeyPath,
            Integer workflowCacheSize,
            Duration shutdownGrace,
            Duration deadlockDetectionTimeout) {
        public Temporal {
            if (deadlockDetectionTimeout == null) {
                // the SDK's default: no workflow task of ours computes for anywhere near a second
                deadlockDetectionTimeout = Duration.ofSeconds(1);
            }
            if (deadlockDetectionTimeout.isNegative() || deadlockDetectionTimeout.isZero()) {
                throw invalid(
                        "booking.temporal.deadlock-detection-timeout",
                        "TEMPORAL_DEADLOCK_DETECTION_TIMEOUT",
                        "a positive ISO-8601 duration, e.g. PT1S");
            }
            if (shutdownGrace == null) {
                // inside Container Apps' 30 s termination grace period, with room for the HTTP server's own drain
                shutdownGrace = Duration.ofSeconds(20);
            }
            if (workflowCacheSize == null) {
                // the SDK's default: enough cached (sticky) workflows for a busy worker; 0 caches nothing, so every
                // task replays the whole history (the SDK still asks for sticky tasks)
                workflowCacheSize = 600;
            }
            if (workflowCacheSize < 0) {
                throw invalid(
                        "booking.temporal.workflow-cache-size", "TEMPORAL_WORKFLOW_CACHE_SIZE", "a whole number >= 0");
            }
            Settings.TEMPORAL_ADDRESS.require(address);
            Settings.TEMPORAL_NAMESPACE.require(namespace);
            Settings.TEMPORAL_TASK_QUEUE.require(taskQueue);
            boolean cert = tlsCertPath != null && !tlsCertPath.isBlank();
            boolean key = tlsKeyPath != null && !tlsKeyPath.isBlank();
            if (cert != key) {
                throw invalid(
                        cert ? "booking.temporal.tls-key-path" : "booking.temporal.tls-cert-path",
                        cert ? "TEMPORAL_TLS_KEY_PATH" : "TEMPORAL_TLS_CERT_PATH",
                        "set together with its pair for mTLS");
            }
        }

        public boolean mtls() {
            return tlsCertPath != null && !tlsCertPath.isBlank();
        }

        public boolean hasApiKey() {
            return apiKey != null && !apiKey.isBlank();
        }

        @Override
        public String toString() {
            return "Temporal[address=" + address + ", namespace=" + namespace + ", taskQueue=" + taskQueue + ", apiKey="
                    + (hasApiKey() ? "(set)" : "(none)") + ", mtls=" + mtls() + "]";
        }
    }

    /**
     * Token signing.
     *
     * @param signingKeys "kid:base64secret,kid2:base64secret"
     */
    public record Tokens(String issuer, String signingKeys, String activeKeyId) {
        public Tokens {
            Settings.TOKEN_ISSUER.require(issuer);
            if (signingKeys == null || signingKeys.isBlank()) {
                throw invalid(
                        "booking.tokens.signing-keys",
                        "TOKEN_SIGNING_KEYS",
                        "kid:base64secret[,kid:base64secret], each secret at least 32 bytes");
            }
            if (activeKeyId == null || activeKeyId.isBlank()) {
                throw invalid(
                        "booking.tokens.active-key-id", "TOKEN_ACTIVE_KEY_ID", "the kid of one of TOKEN_SIGNING_KEYS");
            }
            java.util.Set<String> kids = secretsByKeyId(signingKeys).keySet();
            if (!kids.contains(activeKeyId)) {
                throw invalid(
                        "booking.tokens.active-key-id", "TOKEN_ACTIVE_KEY_ID", "the kid of one of TOKEN_SIGNING_KEYS");
            }
        }

        @Override
        public String toString() {
            return "Tokens[issuer=" + issuer + ", keyIds="
                    + secretsByKeyId(signingKeys).keySet() + ", activeKeyId=" + activeKeyId + "]";
        }

        /** The signing secrets by key id, each checked to be at least 32 bytes (HS256 needs 256-bit keys). */
        public java.util.Map<String, byte[]> secrets() {
            return secretsByKeyId(signingKeys);
        }

        private static java.util.Map<String, byte[]> secretsByKeyId(String spec) {
            java.util.Map<String, byte[]> secrets = new java.util.LinkedHashMap<>();
            for (String entry : spec.split(",")) {
                String[] parts = entry.trim().split(":", 2);
                byte[] secret;
                try {
                    secret = parts.length == 2 ? java.util.Base64.getDecoder().decode(parts[1].trim()) : new byte[0];
                } catch (IllegalArgumentException e) {
                    secret = new byte[0];
                }
                if (parts.length != 2 || parts[0].isBlank() || secret.length < 32) {
                    throw invalid(
                            "booking.tokens.signing-keys",
                            "TOKEN_SIGNING_KEYS",
                            "kid:base64secret[,kid:base64secret], each secret at least 32 bytes");
                }
                secrets.put(parts[0].trim(), secret);
            }
            return secrets;
        }
    }

    /** @param mode real (Zoom + Graph) or sandbox (local mode only) */
    public record Providers(String mode) {
        public Providers {
            Settings.PROVIDERS_MODE.require(mode);
        }

        public boolean sandbox() {
            return "sandbox".equals(mode);
        }
    }

    static InvalidSettingException invalid(String setting, String env, String expected) {
        return new InvalidSettingException(setting, env, expected);
    }

    /** A setting is missing or malformed; the message names it and its environment variable. */
    public static class InvalidSettingException extends IllegalArgumentException {
        public InvalidSettingException(String setting, String env, String expected) {
            super(setting + " (environment variable " + env + ") is missing or invalid: expected " + expected);
        }
    }
}
