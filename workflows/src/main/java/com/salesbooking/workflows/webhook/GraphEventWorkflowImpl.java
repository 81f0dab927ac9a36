package com.salesbooking.workflows.webhook;

import com.salesbooking.workflows.booking.BookingWorkflow;
import com.salesbooking.workflows.booking.BookingWorkflowInput;
import com.salesbooking.workflows.booking.MeetingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * One event's jobs in arrival order. Signals to the booking's workflow are sent from here (durably, as workflow
 * commands), so the booking workflow stays the only writer of the booking's status.
 */
public class GraphEventWorkflowImpl implements GraphEventWorkflow {

    /** About 12 history events per job: 100 jobs stay far below Temporal's history limits before continue-as-new. */
    static final int JOBS_PER_RUN = 100;

    private static final ActivityOptions INSPECT = ActivityOptions.newBuilder()
            // one job row, one booking row and one Graph GET (about a second; Graph's throttling waits included)
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setBackoffCoefficient(2)
                    // Graph 429/5xx usually clear within minutes; Retry-After overrides the interval when Graph sends
                    // one
                    .setMaximumInterval(Duration.ofMinutes(2))
                    // about 15 minutes of trying, then the job is marked failed and a resync (missed/renewal) covers it
                    .setMaximumAttempts(10)
                    .setDoNotRetry(MeetingActivities.NON_RETRYABLE)
                    .build())
            .build();

    private static final ActivityOptions BOOKKEEPING = ActivityOptions.newBuilder()
            // one short transaction
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(500))
                    .setBackoffCoefficient(2)
                    // a database outage ends; the job must not stay half-recorded, so no attempt limit, but the
                    // interval is capped so a recovered database is noticed within a minute
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .build())
            .build();

    private final Logger log = Workflow.getLogger(GraphEventWorkflowImpl.class);
    private final WebhookJobActivities inspect = Workflow.newActivityStub(WebhookJobActivities.class, INSPECT);
    private final WebhookJobActivities bookkeeping = Workflow.newActivityStub(WebhookJobActivities.class, BOOKKEEPING);
    private final Deque<UUID> queue = new ArrayDeque<>();
    private final Set<UUID> seen = new HashSet<>();
    private final UUID salespersonId;

    @WorkflowInit
    public GraphEventWorkflowImpl(GraphEventInput input) {
        this.salespersonId = input.salespersonId();
        if (input.pendingJobIds() != null) {
            input.pendingJobIds().forEach(this::jobQueued);
        }
    }

    @Override
    public void run(GraphEventInput ignored) {
        int processed = 0;
        while (true) {
            if (queue.isEmpty()) {
                Workflow.await(Workflow::isEveryHandlerFinished);
                if (queue.isEmpty()) {
                    return;
                }
            }
            if (processed >= JOBS_PER_RUN) {
                Workflow.continueAsNew(new GraphEventInput(salespersonId, new ArrayList<>(queue)));
            }
            process(queue.poll());
            processed++;
        }
    }

    @Override
    public void jobQueued(UUID jobId) {
        if (jobId != null && seen.add(jobId)) {
            queue.add(jobId);
        }
    }

    private void process(UUID jobId) {
        JobDecision decision;
        try {
            decision = inspect.inspectJob(jobId);
        } catch (ActivityFailure e) {
            String type = e.getCause() instanceof ApplicationFailure af
                    ? af.getType()
                    : e.getCause().getClass().getSimpleName();
            log.warn("webhook job {} failed ({}); a resync covers the change", jobId, type);
            bookkeeping.failJob(jobId, type);
            return;
        }
        String note = decision.note();
        switch (decision.action()) {
            case SKIP -> {
                return;
            }
            case MOVED -> note = signalBooking(decision, true);
            case DELETED -> note = signalBooking(decision, false);
            default -> {}
        }
        bookkeeping.completeJob(jobId, decision, note);
    }

    private String signalBooking(JobDecision decision, boolean moved) {
        BookingWorkflow booking = Workflow.newExternalWorkflowStub(
                BookingWorkflow.class, BookingWorkflowInput.workflowId(decision.bookingId()));
        try {
            if (moved) {
                booking.salespersonMovedEvent(decision.startUtc(), decision.endUtc());
            } else {
                booking.salespersonDeletedEvent();
            }
            return decision.note() + "; booking workflow signalled";
        } catch (SignalExternalWorkflowException | ApplicationFailure e) {
            // the SDK reports a signal to a closed workflow as an ApplicationFailure typed by the server's cause
            if (e instanceof ApplicationFailure af
                    && !String.valueOf(af.getType()).endsWith(EXTERNAL_WORKFLOW_NOT_FOUND)) {
                throw af;
            }
            // the booking's workflow has completed (its meeting is over): nothing to change
            log.info("booking {} has no running workflow; webhook change not applied", decision.bookingId());
            return decision.note() + "; booking workflow closed, not applied";
        }
    }

    /** The end of the failure type of a signal whose target workflow has closed (or never existed). */
    static final String EXTERNAL_WORKFLOW_NOT_FOUND = "EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND";
}
