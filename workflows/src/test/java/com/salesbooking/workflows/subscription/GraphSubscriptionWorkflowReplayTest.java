package com.salesbooking.workflows.subscription;

import com.salesbooking.workflows.RecordedHistories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Replays the subscription histories recorded by {@link SubscriptionHistoryRecorder} (a renewal cycle, a cycle woken
 * by {@code missed}) against the current implementation.
 */
class GraphSubscriptionWorkflowReplayTest {

    static List<String> histories() {
        return RecordedHistories.startingWith("subscription-");
    }

    @ParameterizedTest
    @MethodSource("histories")
    void aRecordedSubscriptionCycleReplaysWithTheCurrentImplementation(String history) {
        assertThatCode(() -> RecordedHistories.replay(history, GraphSubscriptionWorkflowImpl.class))
                .doesNotThrowAnyException();
    }
}
