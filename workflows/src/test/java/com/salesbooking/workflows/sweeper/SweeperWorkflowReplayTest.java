package com.salesbooking.workflows.sweeper;

import com.salesbooking.workflows.RecordedHistories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Replays histories of running sweepers, recorded by {@link SweeperHistoryRecorder} from each released version,
 * against the current SweeperWorkflowImpl: the sweeper never ends (continue-as-new), so a sweeper of the previous
 * release is always mid-run when a new worker takes it over, and must replay unchanged.
 */
class SweeperWorkflowReplayTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"sweeper-before-subscription-launch", "sweeper-subscription-launch-v1", "sweeper-one-activity-v1"
            })
    void aRunningSweeperOfAnEarlierReleaseReplaysWithTheCurrentImplementation(String history) {
        assertThatCode(() -> RecordedHistories.replay("histories/" + history + ".json", SweeperWorkflowImpl.class))
                .doesNotThrowAnyException();
    }
}
