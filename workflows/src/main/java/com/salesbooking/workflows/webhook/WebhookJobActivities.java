package com.salesbooking.workflows.webhook;

import io.temporal.activity.ActivityInterface;

import java.util.UUID;

/**
 * The database and calendar side of one {@code webhook_jobs} row. Only ids, times, a change key and an
 * outcome cross into the workflow; the subscription's clientState and anything personal stay in the activity.
 */
@ActivityInterface
public interface WebhookJobActivities {

    /**
     * Reads the job, finds the booking whose {@code graph_events.event_id} is the job's resource id, reads the event
     * from Graph and decides what the Outlook manual-change policy asks for. Idempotent: it writes nothing but the
     * job's attempt counter (and {@code last_error} on a provider failure), so running it twice decides the same
     * thing for the same calendar state; a job already done or failed answers {@link JobDecision.Action#SKIP}.
     */
    JobDecision inspectJob(UUID jobId);

    /**
     * Marks the job done with its outcome, records the change key it acted on in {@code graph_events.etag} (so
     * later deliveries of the same change are recognised) and, for an edit that is neither a move nor a delete,
     * writes the {@code outlook_edited} audit row. Idempotent: the guarded update only moves a job that is not
     * done yet, and the audit row is written in the same transaction as that transition, so a retry adds nothing.
     *
     * @param note why, in a few words (ids and times only)
     */
    void completeJob(UUID jobId, JobDecision decision, String note);

    /**
     * Marks the job failed (processing gave up after its retries). Idempotent: a done job stays done; a failed one
     * stays failed. The error text was written by {@link #inspectJob} itself, so no provider message passes
     * through the workflow history.
     *
     * @param failureType the Temporal failure type, e.g. {@code ProviderRetryable}
     */
    void failJob(UUID jobId, String failureType);
}
