package com.salesbooking.workflows.sweeper;

import com.salesbooking.workflows.TestWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/** The sweeper's rounds with mocked activities, on the time-skipping test server. */
class SweeperWorkflowTest {

    static final String QUEUE = "sweeper-test";
    static final Duration INTERVAL = Duration.ofMinutes(1);

    TestWorkflowEnvironment env;
    SweeperActivities activities;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = TestWorkers.newWorker(env, QUEUE);
        worker.registerWorkflowImplementationTypes(SweeperWorkflowImpl.class);
        activities = mock(SweeperActivities.class, withSettings().withoutAnnotations());
        worker.registerActivitiesImplementations(activities);
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private void startSweeper() {
        SweeperWorkflow sweeper = env.getWorkflowClient()
                .newWorkflowStub(
                        SweeperWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId("hold-sweeper")
                                .setTaskQueue(QUEUE)
                                .build());
        WorkflowClient.start(sweeper::run, INTERVAL);
    }

    @Test
    void everyRoundRunsOneSweepActivity() {
        startSweeper();

        // rounds at 0, 1 and 2 minutes
        env.sleep(INTERVAL.multipliedBy(2).plusSeconds(30));

        verify(activities, times(3)).sweep();
        // the steps run inside the one activity (SweeperActivitiesImpl), never as activities of their own
        verify(activities, never()).sweepExpiredHolds();
        verify(activities, never()).redispatchQueuedWebhookJobs();
        verify(activities, never()).retryCompensations();
        verify(activities, never()).startMissingSubscriptionWorkflows();
        verify(activities, never()).purgeExpiredIdempotencyKeys();
    }

    @Test
    void aFailingSweepLeavesTheNextRoundsRunning() {
        when(activities.sweep()).thenThrow(new IllegalStateException("database down"));
        startSweeper();

        env.sleep(INTERVAL.plusSeconds(30));

        verify(activities, times(2)).sweep();
    }
}
