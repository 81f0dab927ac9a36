package com.salesbooking.workflows.booking;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Replays histories recorded from real runs against the current BookingWorkflowImpl: a change that would make
 * running bookings non-deterministic (reordered activities, a removed timer) fails the build here, before it
 * can break a workflow in production.
 */
class BookingWorkflowReplayTest {

    @Test
    void aRecordedHoldVerifyConfirmRunReplaysWithTheCurrentImplementation() {
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/booking-hold-confirm-v1.json", BookingWorkflowImpl.class))
                .doesNotThrowAnyException();
    }
}
