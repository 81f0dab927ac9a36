package com.salesbooking.workflows.sweeper;

import io.temporal.activity.ActivityInterface;

/** Housekeeping that makes crashes harmless. Each call is idempotent: it only acts on what is still left over. */
@ActivityInterface
public interface SweeperActivities {

    /**
     * One round of housekeeping in one activity (one billable action instead of one per step): every step below, each
     * on its own, so a failing step (logged) leaves the others running; the next round retries it. A new housekeeping
     * step goes in here (the implementation), not into the workflow: no workflow change, no version marker.
     *
     * @return how many items each step acted on, -1 for a step that failed
     */
    SweepReport sweep();

    /** What one round did; counts only (a workflow history holds no ids of bookings or people here). */
    record SweepReport(
            int orphanedHoldsStarted,
            int webhookJobsRedispatched,
            int compensationsRetried,
            int subscriptionWorkflowsRunning,
            int idempotencyKeysPurged) {}

    /**
     * Holds whose workflow may never have started (a crash or a Temporal failure between the api's commit and its
     * start): those whose TTL passed while their booking is still hold/pending_verify, and young ones still in
     * 'hold' after a short grace. Starts the booking's workflow when it never started; it then runs the hold (or
     * expires it itself), so the workflow stays the single writer. Returns how many workflows it started.
     */
    int sweepExpiredHolds();

    /**
     * Webhook jobs left {@code queued} (a crash right after the 202): hands them to workflows again. Also jobs whose
     * change may be lost: ignored while the booking's confirm saga ran (examined again once it is confirmed), or
     * failed after their retries (examined again a quarter of an hour later, for two days).
     */
    int redispatchQueuedWebhookJobs();

    /**
     * Compensating deletes that failed during a saga or a cancel ({@code compensation_jobs} rows still pending):
     * tries each again with a growing back-off and gives up, visibly, after a bounded number of attempts.
     * Idempotent: deleting a meeting or event that is already gone counts as done. Also sends the confirmation
     * emails still owed (the email activity gave up, or the customer asked for it again), with the same back-off.
     */
    int retryCompensations();

    /**
     * Active salespersons without a live Graph subscription (added since the workers started, or whose workflow
     * ended): starts their subscription workflow; one already running is kept. Returns how many now run.
     */
    int startMissingSubscriptionWorkflows();

    /**
     * Idempotency keys past their 24 hours, with their stored responses: deletes them in bounded batches (a backlog
     * is worked off over several rounds). Idempotent: only rows already expired are deleted. Returns how many.
     */
    int purgeExpiredIdempotencyKeys();
}
