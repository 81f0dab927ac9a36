package com.salesbooking.providers.zoom;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retried Zoom create makes up to five calls in one attempt (token, the host's and the app user's meeting lists,
 * the found meeting, the create); together they end inside the activity's 30 s start-to-close time-out
 * (workflows' BookingActivities.PROVIDER), so a timed-out attempt never creates a meeting beside its successor.
 */
class ZoomCallBudgetTest {

    static final Duration ACTIVITY_START_TO_CLOSE = Duration.ofSeconds(30);
    static final int CALLS_OF_A_RETRIED_CREATE = 5;
    /**
     * The provider activities' heartbeat time-out (workflows' MeetingActivities.PROVIDER_HEARTBEAT_TIMEOUT): they
     * heartbeat after every call; one call that first fetches a token, with the reads before it, must fit in it.
     */
    static final Duration ACTIVITY_HEARTBEAT_TIMEOUT = Duration.ofSeconds(25);

    static final Duration READS_BEFORE_THE_FIRST_CALL = Duration.ofSeconds(2);

    @Test
    void theCallsOfARetriedCreateEndBeforeTheActivityTimesOut() {
        ZoomProperties defaults = new ZoomProperties(null, null, null, null, null, null, null, null, null, null);
        assertThat(defaults.callTimeout().multipliedBy(CALLS_OF_A_RETRIED_CREATE))
                .isLessThan(ACTIVITY_START_TO_CLOSE);
        assertThat(defaults.readTimeout()).isLessThanOrEqualTo(defaults.callTimeout());
    }

    @Test
    void aCallWithItsTokenFetchEndsBeforeTheHeartbeatTimeOut() {
        ZoomProperties defaults = new ZoomProperties(null, null, null, null, null, null, null, null, null, null);
        assertThat(defaults.callTimeout().multipliedBy(2).plus(READS_BEFORE_THE_FIRST_CALL))
                .isLessThanOrEqualTo(ACTIVITY_HEARTBEAT_TIMEOUT);
    }
}
