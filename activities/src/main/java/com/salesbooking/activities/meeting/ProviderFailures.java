package com.salesbooking.activities.meeting;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.workflows.booking.MeetingActivities;
import io.temporal.failure.ApplicationFailure;

/**
 * Turns a classified provider failure into what Temporal's retry policy understands: retryable failures keep
 * the provider's Retry-After as the next retry delay, others are non-retryable with a stable type.
 */
public final class ProviderFailures {

    /** Type of a retryable provider failure. */
    public static final String RETRYABLE = "ProviderRetryable";

    private ProviderFailures() {
    }

    public static ApplicationFailure toFailure(ProviderException e) {
        if (!e.retryable()) {
            return ApplicationFailure.newNonRetryableFailure(e.getMessage(), MeetingActivities.NON_RETRYABLE);
        }
        return e.retryAfter()
                .map(delay -> ApplicationFailure.newFailureWithCauseAndDelay(e.getMessage(), RETRYABLE, null, delay))
                .orElseGet(() -> ApplicationFailure.newFailure(e.getMessage(), RETRYABLE));
    }
}
