package com.salesbooking.workflows.sweeper;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.mockito.Mockito.mock;
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
        Worker worker = env.newWorker(QUEUE);
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
        SweeperWorkflow sweeper = env.getWorkflowClient().newWorkflowStub(SweeperWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId("hold-sweeper").setTaskQueue(QUEUE).build());
        WorkflowClient.start(sweeper::run, INTERVAL);
    }

    @Test
    void everyRoundSweepsHoldsWebhookJobsCompensationsMissingSubscriptionsAndExpiredIdempotencyKeys() {
        startSweeper();

        // rounds at 0, 1 and 2 minutes
        env.sleep(INTERVAL.multipliedBy(2).plusSeconds(30));

        verify(activities, times(3)).sweepExpiredHolds();
        verify(activities, times(3)).redispatchQueuedWebhookJobs();
        verify(activities, times(3)).retryCompensations();
        verify(activities, times(3)).startMissingSubscriptionWorkflows();
        verify(activities, times(3)).purgeExpiredIdempotencyKeys();
    }

    @Test
    void aFailingStepLeavesTheOthersAndTheNextRoundsRunning() {
        when(activities.sweepExpiredHolds()).thenThrow(new IllegalStateException("database down"));
        when(activities.startMissingSubscriptionWorkflows()).thenThrow(new IllegalStateException("temporal busy"));
        startSweeper();

        env.sleep(INTERVAL.plusSeconds(30));

        verify(activities, times(2)).sweepExpiredHolds();
        verify(activities, times(2)).redispatchQueuedWebhookJobs();
        verify(activities, times(2)).retryCompensations();
        verify(activities, times(2)).startMissingSubscriptionWorkflows();
        verify(activities, times(2)).purgeExpiredIdempotencyKeys();
    }
}
