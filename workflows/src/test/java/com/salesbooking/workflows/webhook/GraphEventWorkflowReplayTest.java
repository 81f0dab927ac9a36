package com.salesbooking.workflows.webhook;

import com.salesbooking.workflows.RecordedHistories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;

/** Replays the Graph event histories recorded by {@link GraphEventHistoryRecorder} against the current implementation. */
class GraphEventWorkflowReplayTest {

    static List<String> histories() {
        return RecordedHistories.startingWith("graph-event-");
    }

    @ParameterizedTest
    @MethodSource("histories")
    void aRecordedEventQueueReplaysWithTheCurrentImplementation(String history) {
        assertThatCode(() -> RecordedHistories.replay(history, GraphEventWorkflowImpl.class))
                .doesNotThrowAnyException();
    }
}
