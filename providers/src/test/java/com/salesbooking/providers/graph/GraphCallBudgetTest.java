package com.salesbooking.providers.graph;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Graph call (waiting for a mailbox permit, then the HTTP call) ends inside the provider activities' 30 s
 * start-to-close time-out (workflows' BookingActivities.PROVIDER), with 5 s left for the activity's database work:
 * an attempt that outlived its time-out would keep calling while Temporal runs the next attempt.
 */
class GraphCallBudgetTest {

    static final Duration ACTIVITY_START_TO_CLOSE = Duration.ofSeconds(30);
    static final Duration ACTIVITY_OWN_WORK = Duration.ofSeconds(5);
    /**
     * The provider activities' heartbeat time-out (workflows' MeetingActivities.PROVIDER_HEARTBEAT_TIMEOUT): they
     * heartbeat after every call, so one call, with the reads before an attempt's first call, must fit in it.
     */
    static final Duration ACTIVITY_HEARTBEAT_TIMEOUT = Duration.ofSeconds(25);

    static final Duration READS_BEFORE_THE_FIRST_CALL = Duration.ofSeconds(2);

    @Test
    void aPermitWaitPlusACallEndBeforeTheActivityTimesOut() {
        GraphProperties defaults = new GraphProperties(null, null, null, null, null, null, null, null, null);
        assertThat(defaults.mailboxPermitWait().plus(defaults.callTimeout()))
                .isLessThanOrEqualTo(ACTIVITY_START_TO_CLOSE.minus(ACTIVITY_OWN_WORK));
        assertThat(defaults.readTimeout()).isLessThanOrEqualTo(defaults.callTimeout());
    }

    @Test
    void aPermitWaitPlusACallEndBeforeTheHeartbeatTimeOut() {
        GraphProperties defaults = new GraphProperties(null, null, null, null, null, null, null, null, null);
        assertThat(defaults.mailboxPermitWait().plus(defaults.callTimeout()).plus(READS_BEFORE_THE_FIRST_CALL))
                .isLessThanOrEqualTo(ACTIVITY_HEARTBEAT_TIMEOUT);
    }
}
