package com.salesbooking.workflows.webhook;

import com.salesbooking.workflows.TestWorkers;
import com.salesbooking.workflows.webhook.GraphEventWorkflow.GraphEventInput;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * What a refused signal to the booking's workflow does. The test server answers every signal to a workflow that is not
 * running as "not found" and refuses no other; the server's other refusals (a namespace or signal limit) are played by
 * a worker interceptor that fails the signal command the way the SDK reports them.
 */
class GraphEventWorkflowSignalRefusalTest {

    static final String QUEUE = "graph-event-refusal-test";
    static final Instant START = Instant.parse("2027-03-12T09:00:00Z");
    static final String LIMIT_EXCEEDED = "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_SIGNAL_COUNT_LIMIT_EXCEEDED";

    TestWorkflowEnvironment env;
    WebhookJobActivities jobs = mock(WebhookJobActivities.class, withSettings().withoutAnnotations());
    UUID salesperson = UUID.randomUUID();
    String workflowId = GraphEventWorkflow.workflowId(salesperson, "AAMkRefused", null);

    @AfterEach
    void tearDown() {
        env.close();
    }

    /** Starts the event workflow with the given jobs on a worker whose signals to other workflows fail as given. */
    GraphEventWorkflow startWithSignalsFailing(Supplier<RuntimeException> refusal, List<UUID> pending) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setInitialTime(Instant.parse("2027-03-01T08:00:00Z"))
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new RefusedSignals(refusal))
                        .build())
                .build());
        Worker worker = TestWorkers.newWorker(env, QUEUE);
        worker.registerWorkflowImplementationTypes(GraphEventWorkflowImpl.class);
        worker.registerActivitiesImplementations(jobs);
        env.start();
        WorkflowClient client = env.getWorkflowClient();
        GraphEventWorkflow workflow = client.newWorkflowStub(
                GraphEventWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(QUEUE)
                        .build());
        WorkflowClient.start(workflow::run, new GraphEventInput(salesperson, pending));
        return workflow;
    }

    @Test
    void aMoveWhoseSignalIsRefusedForAnotherReasonFailsTheRunAndLeavesTheJobOpenForTheSweeper() {
        UUID moved = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        when(jobs.inspectJob(moved))
                .thenReturn(new JobDecision(
                        JobDecision.Action.MOVED, UUID.randomUUID(), START, START.plusSeconds(3600), "ck", "moved"));
        GraphEventWorkflow workflow = startWithSignalsFailing(
                () -> ApplicationFailure.newFailure("signal refused", LIMIT_EXCEEDED), List.of(moved, next));

        assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(10, TimeUnit.SECONDS, Void.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(LIMIT_EXCEEDED));
        // neither done nor failed: the job row stays pending and the sweeper dispatches it again
        verify(jobs, never()).completeJob(eq(moved), any(), any());
        verify(jobs, never()).failJob(eq(moved), any());
        verify(jobs, never()).inspectJob(next);
    }

    @Test
    void aDeletionWhoseSignalFailsWithoutAFailureTypeIsRecordedAsNotApplied() throws Exception {
        // the SDK's own exception for a failed signal command (no server cause attached): the target is not running
        UUID deleted = UUID.randomUUID();
        UUID bookingId = UUID.randomUUID();
        when(jobs.inspectJob(deleted))
                .thenReturn(new JobDecision(JobDecision.Action.DELETED, bookingId, null, null, null, "deleted"));
        GraphEventWorkflow workflow = startWithSignalsFailing(
                () -> new SignalExternalWorkflowException(
                        WorkflowExecution.newBuilder()
                                .setWorkflowId("booking-" + bookingId)
                                .build(),
                        null),
                List.of(deleted));

        WorkflowStub.fromTyped(workflow).getResult(10, TimeUnit.SECONDS, Void.class);
        verify(jobs).completeJob(eq(deleted), any(), eq("deleted; booking workflow closed, not applied"));
    }

    /** Fails every signal a workflow sends to another workflow with the given exception, as a failed signal command. */
    static final class RefusedSignals extends WorkerInterceptorBase {
        private final Supplier<RuntimeException> refusal;

        RefusedSignals(Supplier<RuntimeException> refusal) {
            this.refusal = refusal;
        }

        @Override
        public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
            return new WorkflowInboundCallsInterceptorBase(next) {
                @Override
                public void init(WorkflowOutboundCallsInterceptor outbound) {
                    super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
                        @Override
                        public SignalExternalOutput signalExternalWorkflow(SignalExternalInput input) {
                            return new SignalExternalOutput(Workflow.newFailedPromise(refusal.get()));
                        }
                    });
                }
            };
        }
    }
}
