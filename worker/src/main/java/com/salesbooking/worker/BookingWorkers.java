package com.salesbooking.worker;

import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.platform.metrics.SagaStepTimers;
import com.salesbooking.workflows.sweeper.SweeperWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Registers the workflows and activities ({@link HostedWorkflows}) on the task queue and runs the worker with the
 * application's lifecycle: polling starts when the context is ready and stops, draining running tasks, on shutdown.
 * Also makes sure the sweeper workflow runs (starting it is idempotent).
 */
@Component
public class BookingWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BookingWorkers.class);

    private final WorkflowClient client;
    private final BookingProperties properties;
    private final HostedWorkflows hosted;
    /**
     * How often the sweeper runs a round (one activity, one timer: two billable actions): 5 minutes by default, which
     * bounds how long a crash can block a slot (hold TTL + 1 minute + one interval) and delay a queued webhook job;
     * SweeperActivitiesImpl#sweep says what each step needs. A running sweeper keeps the interval it was started
     * with (continue-as-new passes it on); terminate it to apply a new one, the next worker start starts it again.
     */
    private final Duration sweepInterval;

    private final BookingMetrics metrics;
    private WorkerFactory factory;
    private volatile boolean running;

    public BookingWorkers(
            WorkflowClient client,
            BookingProperties properties,
            HostedWorkflows hosted,
            BookingMetrics metrics,
            @org.springframework.beans.factory.annotation.Value("${booking.sweeper-interval:PT5M}")
                    Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
        this.metrics = metrics;
        this.client = client;
        this.properties = properties;
        this.hosted = hosted;
    }

    @Override
    public void start() {
        factory = WorkerFactory.newInstance(
                client,
                WorkerFactoryOptions.newBuilder()
                        .setWorkflowCacheSize(properties.temporal().workflowCacheSize())
                        // booking.confirm.step.duration: the saga's steps timed around their activities
                        .setWorkerInterceptors(new SagaStepTimers(metrics.registry()))
                        .build());
        Worker worker = factory.newWorker(
                properties.temporal().taskQueue(),
                WorkerOptions.newBuilder()
                        .setDefaultDeadlockDetectionTimeout(
                                properties.temporal().deadlockDetectionTimeout().toMillis())
                        .build());
        hosted.registerOn(worker);
        factory.start();
        running = true;
        startSweeper();
        log.info("workers polling task queue {}", properties.temporal().taskQueue());
    }

    private void startSweeper() {
        SweeperWorkflow sweeperWorkflow = client.newWorkflowStub(
                SweeperWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(SweeperWorkflow.WORKFLOW_ID)
                        .setTaskQueue(properties.temporal().taskQueue())
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .build());
        try {
            WorkflowClient.start(sweeperWorkflow::run, sweepInterval);
        } catch (WorkflowExecutionAlreadyStarted e) {
            // another worker replica started it
        } catch (RuntimeException e) {
            // Temporal not reachable yet: the worker still starts; the next replica start (or restart) retries
            log.warn("could not start the sweeper workflow: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void stop() {
        if (factory != null) {
            factory.shutdown();
            // running activities get this long to finish (20 s by default: inside Container Apps' 30 s grace
            // period); Temporal retries whatever does not
            factory.awaitTermination(properties.temporal().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The worker factory, for tests that stop and start workers. */
    public WorkerFactory factory() {
        return factory;
    }
}
