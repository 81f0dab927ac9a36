package com.salesbooking.store.webhook;

import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow.LifecycleSignal;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow.SubscriptionWorkflowInput;
import com.salesbooking.workflows.subscription.LifecycleEvent;
import com.salesbooking.workflows.webhook.GraphEventWorkflow;
import com.salesbooking.workflows.webhook.GraphEventWorkflow.GraphEventInput;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable queue of webhook jobs ({@code webhook_jobs}) and their hand-off to workflows. A job is inserted
 * before the api answers 202; handing it over is a signal-with-start, so a job whose hand-off failed (or never
 * ran: a crash right after the 202) stays {@code queued} and the sweeper hands it over again. Handing a job over
 * twice is harmless: the event workflow ignores a job id it has seen and a job already done.
 */
@Component
public class WebhookJobs implements WebhookJobDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookJobs.class);

    /** The api hands a job over within milliseconds of its 202; a job still queued after this was dropped. */
    static final Duration QUEUED_GRACE = Duration.ofMinutes(1);
    /**
     * A dispatched job is processed within seconds (minutes when Graph throttles); one still dispatched after this
     * lost its workflow (terminated by hand) and is handed over again.
     */
    static final Duration DISPATCHED_GRACE = Duration.ofMinutes(30);
    /**
     * A failed job tried for about 15 minutes; Graph outages of that length usually end within the hour, and a retry
     * every quarter of an hour costs one Graph GET per job.
     */
    static final Duration FAILED_PAUSE = Duration.ofMinutes(15);
    /** Beyond two days the subscription's renewal resync (every 3.5 days at most) is the better judge of the event. */
    static final Duration REQUEUE_WINDOW = Duration.ofDays(2);
    /**
     * What a job decides while the booking's confirm saga runs: the event is not stored yet, or the booking is not
     * confirmed yet (the outcomes {@code completeJob} records).
     */
    static final String SAGA_TIME_OUTCOMES =
            "'not_ours: no booking has this event', 'ignore: booking is hold', 'ignore: booking is pending_verify'";
    /** Bounded work per sweep; the next round (a minute later) takes the rest. */
    static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final WorkflowClient client;
    private final BookingProperties properties;
    private final Clock clock;
    private final BookingMetrics metrics;

    public WebhookJobs(
            JdbcClient jdbc,
            TransactionTemplate tx,
            WorkflowClient client,
            BookingProperties properties,
            Clock clock,
            BookingMetrics metrics) {
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.tx = tx;
        this.client = client;
        this.properties = properties;
        this.clock = clock;
    }

    /** Inserts the jobs in one transaction (all or none: Graph redelivers a batch we did not acknowledge). */
    public void enqueue(List<WebhookJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> jobs.forEach(job -> insert(job, now)));
    }

    private void insert(WebhookJob job, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_jobs (id, tenant_id, salesperson_id, subscription_id, change_type, resource_id,
                                                  resource, received_at_utc, status, attempts, created_at_utc, updated_at_utc)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)""")
                .params(
                        job.jobId(),
                        job.tenantId(),
                        job.salespersonId(),
                        job.subscriptionId(),
                        job.changeType(),
                        job.resourceId(),
                        job.resource(),
                        Timestamp.from(job.receivedAtUtc()),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
    }

    public Optional<WebhookJob> find(UUID jobId) {
        return jdbc.sql("SELECT * FROM webhook_jobs WHERE id = ?")
                .param(jobId)
                .query(WebhookJobs::map)
                .optional();
    }

    /** The job's status: queued, dispatched, done or failed. */
    public String status(UUID jobId) {
        return jdbc.sql("SELECT status FROM webhook_jobs WHERE id = ?")
                .param(jobId)
                .query(String.class)
                .single();
    }

    /** Its workflow starts an attempt at the job (the job counts as handed over from now on). */
    public void startAttempt(UUID jobId, Instant now) {
        jdbc.sql(
                        "UPDATE webhook_jobs SET attempts = attempts + 1, status = 'dispatched', updated_at_utc = ? WHERE id = ?")
                .params(Timestamp.from(now), jobId)
                .update();
    }

    /** What went wrong last, for people reading the row; the job stays as it is. */
    public void recordError(UUID jobId, String error) {
        jdbc.sql("UPDATE webhook_jobs SET last_error = ? WHERE id = ?")
                .params(error, jobId)
                .update();
    }

    /**
     * The job is done with this outcome; a job done already keeps its first outcome.
     *
     * @return whether this call completed it
     */
    public boolean complete(UUID jobId, String outcome, Instant now) {
        return jdbc.sql("""
                                UPDATE webhook_jobs SET status = 'done', outcome = ?, last_error = NULL, updated_at_utc = ?
                                 WHERE id = ? AND status <> 'done'""").params(outcome, Timestamp.from(now), jobId).update() > 0;
    }

    /**
     * The job failed after its retries (the sweeper re-queues it later, see {@link #requeueUnsettled}); a job done or
     * failed already stays as it is.
     *
     * @return whether this call failed it
     */
    public boolean fail(UUID jobId, String outcome, Instant now) {
        return jdbc.sql("""
                                UPDATE webhook_jobs SET status = 'failed', outcome = ?, updated_at_utc = ?
                                 WHERE id = ? AND status NOT IN ('done', 'failed')""").params(outcome, Timestamp.from(now), jobId).update() > 0;
    }

    /**
     * Hands the job to its workflow: a change to the event's {@link GraphEventWorkflow}, a lifecycle notification to
     * the salesperson's {@link GraphSubscriptionWorkflow}. Never throws: a failed hand-off leaves the job queued
     * for the sweeper.
     *
     * @return true when the workflow has it
     */
    public boolean dispatch(WebhookJob job) {
        try {
            if (job.lifecycle()) {
                dispatchLifecycle(job);
            } else {
                signalWithStart(job);
                jdbc.sql(
                                "UPDATE webhook_jobs SET status = 'dispatched', updated_at_utc = ? WHERE id = ? AND status = 'queued'")
                        .params(Timestamp.from(clock.instant()), job.jobId())
                        .update();
            }
            return true;
        } catch (RuntimeException e) {
            // Temporal or the database unreachable: the job stays queued and the sweeper retries it
            log.warn(
                    "webhook job {} (salesperson {}) not handed over: {}",
                    job.jobId(),
                    job.salespersonId(),
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Signal-with-start is atomic on a Temporal server; the Java test server can still answer "already started"
     * when two jobs of one event arrive at the same moment (both see no running workflow, one starts it). The
     * workflow exists then, so the next try signals it. Each try needs a new stub: the SDK binds a stub to the
     * execution named in an "already started" answer and refuses to start with it again (IllegalStateException),
     * which is how a job of such a pair used to stay queued until the sweeper's next round.
     */
    private void signalWithStart(WebhookJob job) {
        // two tries suffice (the second signals the workflow the first found started); a third covers that workflow
        // completing in between (its queue ran empty), after which the next start succeeds
        for (int attempt = 1; ; attempt++) {
            GraphEventWorkflow workflow = client.newWorkflowStub(
                    GraphEventWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId(GraphEventWorkflow.workflowId(
                                    job.salespersonId(), job.resourceId(), job.resource()))
                            .setTaskQueue(properties.temporal().taskQueue())
                            .build());
            BatchRequest request = client.newSignalWithStartRequest();
            request.add(workflow::run, new GraphEventInput(job.salespersonId(), List.of()));
            request.add(workflow::jobQueued, job.jobId());
            try {
                client.signalWithStart(request);
                return;
            } catch (io.temporal.client.WorkflowExecutionAlreadyStarted e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private void dispatchLifecycle(WebhookJob job) {
        LifecycleEvent event = LifecycleEvent.fromGraph(
                        job.changeType().substring(WebhookJob.LIFECYCLE_PREFIX.length()))
                .orElseThrow(() -> new IllegalStateException("unknown lifecycle event in job " + job.jobId()));
        GraphSubscriptionWorkflow workflow = client.newWorkflowStub(
                GraphSubscriptionWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(GraphSubscriptionWorkflow.workflowId(job.salespersonId()))
                        .setTaskQueue(properties.temporal().taskQueue())
                        .build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(workflow::run, SubscriptionWorkflowInput.start(job.tenantId(), job.salespersonId()));
        request.add(workflow::lifecycle, new LifecycleSignal(job.subscriptionId(), event));
        client.signalWithStart(request);
        // the signal is durable in the workflow's history: handing it over is all this job has to do
        Instant now = clock.instant();
        int done = jdbc.sql("""
                        UPDATE webhook_jobs SET status = 'done', attempts = attempts + 1, outcome = 'signalled_subscription_workflow',
                               updated_at_utc = ? WHERE id = ? AND status IN ('queued', 'dispatched')""").params(Timestamp.from(now), job.jobId()).update();
        if (done > 0) metrics.webhookLifecycleJobDone();
    }

    @Override
    public int redispatchStale() {
        Instant now = clock.instant();
        List<WebhookJob> stale = jdbc.sql("""
                        SELECT * FROM webhook_jobs
                         WHERE (status = 'queued' AND created_at_utc < ?) OR (status = 'dispatched' AND created_at_utc < ?)
                         ORDER BY created_at_utc LIMIT ?""")
                .params(Timestamp.from(now.minus(QUEUED_GRACE)), Timestamp.from(now.minus(DISPATCHED_GRACE)), BATCH)
                .query(WebhookJobs::map)
                .list();
        int handed = 0;
        for (WebhookJob job : stale) {
            if (dispatch(job)) {
                handed++;
            }
        }
        if (!stale.isEmpty()) {
            log.info("sweeper handed over {} of {} stale webhook jobs", handed, stale.size());
        }
        return handed;
    }

    /**
     * Jobs whose change may otherwise be lost for good, each examined again as a new job (a new id, because an event
     * workflow drops a job id it has seen):
     * <ul>
     * <li>jobs ignored because the booking was not confirmed yet (the change arrived during its confirm saga), now
     * that the booking is confirmed;</li>
     * <li>jobs marked failed after their retries (Graph down for a quarter of an hour), once {@link #FAILED_PAUSE} has
     * passed, for {@link #REQUEUE_WINDOW} after Graph sent the notification.</li>
     * </ul>
     *
     * @return how many successor jobs were handed to their workflows
     */
    public int requeueUnsettled() {
        Instant now = clock.instant();
        List<WebhookJob> unsettled = jdbc.sql("""
                        SELECT j.* FROM webhook_jobs j
                         WHERE j.requeued_as IS NULL AND j.received_at_utc > ?
                           AND ((j.status = 'failed' AND j.updated_at_utc < ?)
                             OR (j.status = 'done' AND j.outcome IN (%s)
                                 AND EXISTS (SELECT 1 FROM graph_events g JOIN bookings b ON b.id = g.booking_id
                                              WHERE g.event_id = j.resource_id AND b.tenant_id = j.tenant_id
                                                AND b.status = 'confirmed')))
                         ORDER BY j.received_at_utc LIMIT ?""".formatted(SAGA_TIME_OUTCOMES))
                .params(Timestamp.from(now.minus(REQUEUE_WINDOW)), Timestamp.from(now.minus(FAILED_PAUSE)), BATCH)
                .query(WebhookJobs::map)
                .list();
        int handed = 0;
        for (WebhookJob old : unsettled) {
            WebhookJob successor = new WebhookJob(
                    UUID.randomUUID(),
                    old.tenantId(),
                    old.salespersonId(),
                    old.subscriptionId(),
                    old.changeType(),
                    old.resourceId(),
                    old.resource(),
                    old.receivedAtUtc(),
                    0);
            Boolean taken = tx.execute(s -> {
                int marked = jdbc.sql("UPDATE webhook_jobs SET requeued_as = ? WHERE id = ? AND requeued_as IS NULL")
                        .params(successor.jobId(), old.jobId())
                        .update();
                if (marked == 1) {
                    insert(successor, now);
                }
                return marked == 1;
            });
            if (Boolean.TRUE.equals(taken) && dispatch(successor)) {
                handed++;
            }
        }
        if (!unsettled.isEmpty()) {
            log.info("sweeper requeued {} webhook jobs whose change may have been lost", unsettled.size());
        }
        return handed;
    }

    private static WebhookJob map(ResultSet rs, int row) throws SQLException {
        return new WebhookJob(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("salesperson_id", UUID.class),
                rs.getString("subscription_id"),
                rs.getString("change_type"),
                rs.getString("resource_id"),
                rs.getString("resource"),
                rs.getTimestamp("received_at_utc").toInstant(),
                rs.getInt("attempts"));
    }
}
