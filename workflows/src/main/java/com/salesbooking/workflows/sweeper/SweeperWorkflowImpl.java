package com.salesbooking.workflows.sweeper;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

import java.time.Duration;

public class SweeperWorkflowImpl implements SweeperWorkflow {

    /** 100 rounds of a few events each keeps the history far below Temporal's limits before continue-as-new. */
    static final int ROUNDS_PER_RUN = 100;

    private final SweeperActivities activities = Workflow.newActivityStub(SweeperActivities.class,
            ActivityOptions.newBuilder()
                    // a sweep touches at most a few hundred rows
                    .setStartToCloseTimeout(Duration.ofSeconds(60))
                    // the next round is the retry: one attempt each, so a broken database does not pile up attempts
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                    .build());

    @Override
    public void run(Duration interval) {
        for (int round = 0; round < ROUNDS_PER_RUN; round++) {
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
            // added later again: expired idempotency keys (and their stored responses) no longer pile up
            if (Workflow.getVersion("idempotency-purge", Workflow.DEFAULT_VERSION, 1) >= 1) {
                try {
                    activities.purgeExpiredIdempotencyKeys();
                } catch (ActivityFailure e) {
                    Workflow.getLogger(SweeperWorkflowImpl.class).warn("idempotency key purge failed; next round retries");
                }
            }
            Workflow.sleep(interval);
        }
        Workflow.continueAsNew(interval);
    }
}
