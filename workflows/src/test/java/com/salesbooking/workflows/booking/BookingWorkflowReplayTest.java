package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.RecordedHistories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Replays histories recorded by {@link BookingHistoryRecorder} from each released version (every path: hold and
 * confirm, expiry, cancel, reschedule, salesperson move and delete, compensation, Teams) against the current
 * BookingWorkflowImpl: a change that would make running bookings non-deterministic (reordered activities, a removed
 * timer, a new command without {@code Workflow.getVersion}) fails the build here, before it can break a booking
 * in production.
 */
class BookingWorkflowReplayTest {

    static List<String> histories() {
        return RecordedHistories.startingWith("booking-");
    }

    @ParameterizedTest
    @MethodSource("histories")
    void aRecordedBookingReplaysWithTheCurrentImplementation(String history) {
        assertThatCode(() -> RecordedHistories.replay(history, BookingWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    @org.junit.jupiter.api.Test
    void everyPathOfTheRecorderHasAHistory() {
        for (String path : BookingHistoryRecorder.PATHS.keySet()) {
            assertThat(histories()).anyMatch(h -> h.startsWith("histories/booking-" + path + "-v"));
        }
    }
}
