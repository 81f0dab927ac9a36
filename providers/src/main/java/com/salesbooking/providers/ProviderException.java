package com.salesbooking.providers;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call failed. The adapter classifies the failure, Temporal decides what to do with it:
 * a retryable failure is retried by the activity's retry policy (after {@link #retryAfter()} when the
 * provider said how long to wait), a non-retryable one fails the activity at once.
 */
public class ProviderException extends RuntimeException {

    /** Why a call failed, as far as retrying is concerned. */
    public enum Kind {
        /** 429, 5xx, time-outs, connection resets: the same call may succeed later. */
        RETRYABLE,
        /** Other 4xx, bad credentials, malformed answers: retrying cannot help. */
        NON_RETRYABLE
    }

    private final String provider;
    private final String operation;
    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    public ProviderException(
            String provider,
            String operation,
            Kind kind,
            int httpStatus,
            Duration retryAfter,
            String message,
            Throwable cause) {
        super(
                provider + " " + operation + " failed" + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "") + ": "
                        + message,
                cause);
        this.provider = provider;
        this.operation = operation;
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public static ProviderException retryable(String provider, String operation, String message) {
        return new ProviderException(provider, operation, Kind.RETRYABLE, 0, null, message, null);
    }

    public static ProviderException nonRetryable(String provider, String operation, String message) {
        return new ProviderException(provider, operation, Kind.NON_RETRYABLE, 0, null, message, null);
    }

    public String provider() {
        return provider;
    }

    public String operation() {
        return operation;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.RETRYABLE;
    }

    /** HTTP status of the provider's answer, 0 when there was none (time-out, reset). */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the provider asked us to wait before the next try, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
