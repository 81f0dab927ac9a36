package com.salesbooking.activities.meeting;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.workflows.booking.MeetingActivities;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a classified provider failure into what Temporal's retry policy understands: retryable failures keep
 * the provider's Retry-After as the next retry delay, others are non-retryable with a stable type.
 * <p>
 * A provider refusing or being unavailable is an expected outcome (the retry policy or the saga's compensation
 * handles it), not a defect: it is logged here in one line, and the failure is marked
 * {@link ApplicationErrorCategory#BENIGN}, which keeps the SDK from logging it again with a stack trace at WARN.
 */
public final class ProviderFailures {

    private static final Logger log = LoggerFactory.getLogger(ProviderFailures.class);

    /** Type of a retryable provider failure. */
    public static final String RETRYABLE = "ProviderRetryable";

    private ProviderFailures() {}

    public static ApplicationFailure toFailure(ProviderException e) {
        log.warn(
                "{} {} failed ({}, {}): {}",
                e.provider(),
                e.operation(),
                e.kind(),
                e.retryable() ? "Temporal retries" : "not retried",
                e.getMessage());
        ApplicationFailure.Builder failure =
                ApplicationFailure.newBuilder().setMessage(e.getMessage()).setCategory(ApplicationErrorCategory.BENIGN);
        if (!e.retryable()) {
            return failure.setType(MeetingActivities.NON_RETRYABLE)
                    .setNonRetryable(true)
                    .build();
        }
        e.retryAfter().ifPresent(failure::setNextRetryDelay);
        return failure.setType(RETRYABLE).build();
    }
}
