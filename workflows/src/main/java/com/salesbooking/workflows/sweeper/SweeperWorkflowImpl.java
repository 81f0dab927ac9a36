package com.salesbooking.workflows.sweeper;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

import java.time.Duration;

/**
 * Each round: one {@link SweeperActivities#sweep()} activity and one timer, two billable actions (the first releases
 * ran four activities and a timer per round). The run continues as new when the server suggests it (its history
 * grows by about ten events a round) or after {@link #MAX_ROUNDS_PER_RUN}, whichever comes first.
 * <p>
 * A sweeper of an earlier release is always mid-run when a new worker takes it over, so each change here is behind
 * {@link Workflow#getVersion}: replaying an old run takes the old path (SweeperWorkflowReplayTest).
 */
public class SweeperWorkflowImpl implements SweeperWorkflow {

    /** Rounds per run of the releases before "continue-as-new-suggested" (their histories replay with it). */
    static final int ROUNDS_PER_RUN = 100;
    /**
     * A bound for servers that never suggest continuing (the Java test server): 500 rounds of about ten events stay
     * far below the 10,240-event warning and the 51,200-event limit.
     */
    static final int MAX_ROUNDS_PER_RUN = 500;

    private final SweeperActivities activities = Workflow.newActivityStub(
            SweeperActivities.class,
            ActivityOptions.newBuilder()
                    // a step touches at most a few hundred rows
                    .setStartToCloseTimeout(Duration.ofSeconds(60))
                    // the next round is the retry: one attempt each, so a broken database does not pile up attempts
                    .setRetryOptions(
                            RetryOptions.newBuilder().setMaximumAttempts(1).build())
                    .build());

    private final SweeperActivities oneActivity = Workflow.newActivityStub(
            SweeperActivities.class,
            ActivityOptions.newBuilder()
                    // all steps of a round, each bounded to a few hundred rows, one after the other
                    .setStartToCloseTimeout(Duration.ofMinutes(4))
                    // the sweep heartbeats between holds, jobs and provider calls (SweepHeartbeat); its longest
                    // silence is one Graph call (5 s permit + 18 s): a worker that died mid-sweep is noticed after a
                    // minute, and an attempt past its 4 minutes learns it at its next heartbeat and stops
                    .setHeartbeatTimeout(Duration.ofMinutes(1))
                    // the next round is the retry
                    .setRetryOptions(
                            RetryOptions.newBuilder().setMaximumAttempts(1).build())
                    .build());

    @Override
    public void run(Duration interval) {
        for (int round = 1; ; round++) {
            if (Workflow.getVersion("one-sweep-activity", Workflow.DEFAULT_VERSION, 1) >= 1) {
                try {
                    oneActivity.sweep();
                } catch (ActivityFailure e) {
                    Workflow.getLogger(SweeperWorkflowImpl.class).warn("sweep failed; next round retries");
                }
            } else {
                stepByStep();
            }
            Workflow.sleep(interval);
            boolean suggested = Workflow.getVersion("continue-as-new-suggested", Workflow.DEFAULT_VERSION, 1) >= 1;
            if (suggested
                    ? Workflow.getInfo().isContinueAsNewSuggested() || round >= MAX_ROUNDS_PER_RUN
                    : round >= ROUNDS_PER_RUN) {
                break;
            }
        }
        Workflow.continueAsNew(interval);
    }

    /** The rounds of the releases before "one-sweep-activity", unchanged, for the runs they started. */
    private void stepByStep() {
        try {
            activities.sweepExpiredHolds();
        } catch (ActivityFailure e) {
            Workflow.getLogger(SweeperWorkflowImpl.class).warn("hold sweep failed; next round retries");
        }
        try {
            activities.redispatchQueuedWebhookJobs();
        } catch (ActivityFailure e) {
            Workflow.getLogger(SweeperWorkflowImpl.class).warn("webhook re-dispatch failed; next round retries");
        }
        // added after the first release of this workflow: running sweepers replay their old rounds unchanged
        if (Workflow.getVersion("retry-compensations", Workflow.DEFAULT_VERSION, 1) >= 1) {
            try {
                activities.retryCompensations();
            } catch (ActivityFailure e) {
                Workflow.getLogger(SweeperWorkflowImpl.class).warn("compensation retry failed; next round retries");
            }
        }
        // added later still: a salesperson added while the workers run gets Outlook changes followed within a round
        if (Workflow.getVersion("subscription-launch", Workflow.DEFAULT_VERSION, 1) >= 1) {
            try {
                activities.startMissingSubscriptionWorkflows();
            } catch (ActivityFailure e) {
                Workflow.getLogger(SweeperWorkflowImpl.class).warn("subscription launch failed; next round retries");
            }
        }
    }
}
