package com.salesbooking.workflows.webhook;

import com.salesbooking.workflows.TestWorkers;
import com.salesbooking.workflows.webhook.GraphEventWorkflow.GraphEventInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/** One Outlook event's job queue with mocked activities on the time-skipping test server. */
class GraphEventWorkflowTest {

    TestWorkflowEnvironment env;
    WorkflowClient client;
    WebhookJobActivities jobs;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setInitialTime(Instant.parse("2027-03-01T08:00:00Z"))
                .build());
        Worker worker = TestWorkers.newWorker(env, "graph-event-test");
        worker.registerWorkflowImplementationTypes(GraphEventWorkflowImpl.class);
        jobs = mock(WebhookJobActivities.class, withSettings().withoutAnnotations());
        worker.registerActivitiesImplementations(jobs);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void aMoveOfABookingWhoseWorkflowHasClosedIsRecordedAndTheNextJobsStillRun() {
        UUID moved = UUID.randomUUID();
        UUID edited = UUID.randomUUID();
        UUID bookingId = UUID.randomUUID();
        Instant start = Instant.parse("2027-03-12T09:00:00Z");
        when(jobs.inspectJob(moved))
                .thenReturn(new JobDecision(
                        JobDecision.Action.MOVED, bookingId, start, start.plusSeconds(3600), "ck-2", "moved"));
        when(jobs.inspectJob(edited))
                .thenReturn(new JobDecision(
                        JobDecision.Action.AUDIT_ONLY, bookingId, null, null, "ck-3", "subject changed"));
        UUID salesperson = UUID.randomUUID();
        String workflowId = GraphEventWorkflow.workflowId(salesperson, "AAMkClosedBooking", null);
        GraphEventWorkflow workflow = client.newWorkflowStub(
                GraphEventWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue("graph-event-test")
                        .build());
        WorkflowClient.start(workflow::run, new GraphEventInput(salesperson, List.of(moved, edited)));

        // no booking workflow runs: the signal fails, the job is completed as "not applied", the workflow goes on
        WorkflowStub.fromTyped(workflow).getResult(Void.class);
        verify(jobs).completeJob(eq(moved), any(), contains("booking workflow closed, not applied"));
        verify(jobs).completeJob(eq(edited), any(), any());
    }
}
