package com.salesbooking.workflows.booking;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Store activities that failed for good: a programming error (a missing row read with {@code orElseThrow}, a null
 * where none may be) does not heal by retrying, so it is not retried every 30 s for ever while the workflow holds
 * its write lock. It is made visible instead (an error log with the booking id and the metric
 * {@value #METRIC}{operation}), and a transition nobody waits for (a hold's expiry, a salesperson's change) is tried
 * again after {@link #RETRY_TRANSITION_AFTER}, so a fixed worker completes it: nothing is lost.
 */
final class StoreFailures {

    /** Failure types of exceptions that say the code is wrong, not that the database is away. */
    static final List<String> PROGRAMMING_ERRORS = List.of(
            NoSuchElementException.class.getName(),
            IllegalArgumentException.class.getName(),
            NullPointerException.class.getName(),
            ClassCastException.class.getName(),
            IndexOutOfBoundsException.class.getName());

    /** Counter of store calls that failed for good, tagged {@code operation}. */
    static final String METRIC = "booking_workflow_store_failures";

    /** Long enough not to flood logs and the database, short enough that a deployed fix frees a slot soon. */
    static final Duration RETRY_TRANSITION_AFTER = Duration.ofMinutes(10);

    private static final Logger log = Workflow.getLogger(StoreFailures.class);

    private StoreFailures() {}

    /** Logs (once, not on replay) and counts a store call that failed for good. */
    static void report(String operation, UUID bookingId, ActivityFailure failure) {
        String type =
                failure.getCause() instanceof ApplicationFailure af ? af.getType() : String.valueOf(failure.getCause());
        log.error(
                "store call {} of booking {} failed for good ({}): the workflow needs a fix; see the worker's logs",
                operation,
                bookingId,
                type);
        Workflow.getMetricsScope()
                .tagged(Map.of("operation", operation))
                .counter(METRIC)
                .inc(1);
    }
}
