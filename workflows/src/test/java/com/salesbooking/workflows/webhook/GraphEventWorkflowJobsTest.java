package com.salesbooking.workflows.webhook;

import com.salesbooking.workflows.booking.BookingState;
import com.salesbooking.workflows.booking.BookingStatus;
import com.salesbooking.workflows.booking.BookingWorkflow;
import com.salesbooking.workflows.booking.BookingWorkflowInput;
import com.salesbooking.workflows.booking.CancelRequest;
import com.salesbooking.workflows.booking.MeetingActivities;
import com.salesbooking.workflows.webhook.GraphEventWorkflow.GraphEventInput;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * Which job of one Outlook event does what: jobs run once each in arrival order, a move or a deletion reaches the
 * booking's running workflow as a signal, a job that cannot be inspected is marked failed, and a long queue carries
 * over a continue-as-new. Mocked activities and a stand-in booking workflow on the time-skipping test server.
 */
class GraphEventWorkflowJobsTest {

    static final String QUEUE = "graph-event-jobs-test";
    static final Instant START = Instant.parse("2027-03-12T09:00:00Z");

    TestWorkflowEnvironment env;
    WorkflowClient client;
    WebhookJobActivities jobs;
    UUID salesperson = UUID.randomUUID();
    String workflowId = GraphEventWorkflow.workflowId(salesperson, "AAMkEvent", null);

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setInitialTime(Instant.parse("2027-03-01T08:00:00Z"))
                .build());
        Worker worker = com.salesbooking.workflows.TestWorkers.newWorker(env, QUEUE);
        worker.registerWorkflowImplementationTypes(GraphEventWorkflowImpl.class, SignalledBooking.class);
        jobs = mock(WebhookJobActivities.class, withSettings().withoutAnnotations());
        worker.registerActivitiesImplementations(jobs);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    GraphEventWorkflow start(List<UUID> pending) {
        GraphEventWorkflow workflow = client.newWorkflowStub(
                GraphEventWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(QUEUE)
                        .build());
        WorkflowClient.start(workflow::run, new GraphEventInput(salesperson, pending));
        return workflow;
    }

    static JobDecision decision(JobDecision.Action action, UUID bookingId) {
        return new JobDecision(action, bookingId, START, START.plusSeconds(3600), "ck", action.dbValue());
    }

    @Test
    void jobsRunOnceEachInArrivalOrderAndASkippedJobIsNotCompletedAgain() {
        UUID first = UUID.randomUUID();
        UUID skipped = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        when(jobs.inspectJob(first)).thenReturn(decision(JobDecision.Action.IGNORE, null));
        when(jobs.inspectJob(skipped)).thenReturn(JobDecision.of(JobDecision.Action.SKIP, "done already"));
        when(jobs.inspectJob(last)).thenReturn(decision(JobDecision.Action.NOT_OURS, null));
        GraphEventWorkflow workflow = start(new ArrayList<>(List.of(first, skipped, first, last)));
        WorkflowStub.fromTyped(workflow).getResult(Void.class);
        InOrder order = inOrder(jobs);
        order.verify(jobs).inspectJob(first);
        order.verify(jobs).completeJob(eq(first), any(), eq("ignore"));
        order.verify(jobs).inspectJob(skipped);
        order.verify(jobs).inspectJob(last);
        order.verify(jobs).completeJob(eq(last), any(), eq("not_ours"));
        verify(jobs, times(1)).inspectJob(first);
        verify(jobs, never()).completeJob(eq(skipped), any(), any());
    }

    @Test
    void aJobSignalledAgainOrWithoutIdWhileTheQueueRunsIsNotRunTwice() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        CountDownLatch inspecting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(jobs.inspectJob(first)).thenAnswer(a -> {
            inspecting.countDown();
            release.await(10, TimeUnit.SECONDS);
            return decision(JobDecision.Action.AUDIT_ONLY, UUID.randomUUID());
        });
        when(jobs.inspectJob(second)).thenReturn(decision(JobDecision.Action.AUDIT_ONLY, UUID.randomUUID()));
        GraphEventWorkflow workflow = start(List.of(first));
        assertThat(inspecting.await(10, TimeUnit.SECONDS)).isTrue();
        workflow.jobQueued(first);
        workflow.jobQueued(null);
        workflow.jobQueued(second);
        release.countDown();
        WorkflowStub.fromTyped(workflow).getResult(10, TimeUnit.SECONDS, Void.class);
        verify(jobs, times(1)).inspectJob(first);
        verify(jobs, times(1)).inspectJob(second);
        verify(jobs, times(2)).inspectJob(any());
        verify(jobs).completeJob(eq(second), any(), eq("audit_only"));
    }

    @Test
    void aMoveReachesTheBookingsRunningWorkflow() {
        UUID bookingId = UUID.randomUUID();
        BookingWorkflow booking = startBooking(bookingId);
        UUID job = UUID.randomUUID();
        when(jobs.inspectJob(job)).thenReturn(decision(JobDecision.Action.MOVED, bookingId));
        WorkflowStub.fromTyped(start(List.of(job))).getResult(Void.class);
        verify(jobs).completeJob(eq(job), any(), eq("moved; booking workflow signalled"));
        BookingState state = booking.state();
        assertThat(state.startUtc()).isEqualTo(START);
        assertThat(state.endUtc()).isEqualTo(START.plusSeconds(3600));
        assertThat(state.status()).isEqualTo(BookingStatus.CONFIRMED);
    }

    @Test
    void aDeletionReachesTheBookingsRunningWorkflow() {
        UUID bookingId = UUID.randomUUID();
        BookingWorkflow booking = startBooking(bookingId);
        UUID job = UUID.randomUUID();
        when(jobs.inspectJob(job)).thenReturn(decision(JobDecision.Action.DELETED, bookingId));
        WorkflowStub.fromTyped(start(List.of(job))).getResult(Void.class);
        verify(jobs).completeJob(eq(job), any(), eq("deleted; booking workflow signalled"));
        assertThat(booking.state().status()).isEqualTo(BookingStatus.CANCELED);
    }

    @Test
    void aDeletionOfABookingWhoseWorkflowHasClosedIsRecordedAsNotApplied() {
        UUID job = UUID.randomUUID();
        when(jobs.inspectJob(job)).thenReturn(decision(JobDecision.Action.DELETED, UUID.randomUUID()));
        WorkflowStub.fromTyped(start(List.of(job))).getResult(Void.class);
        verify(jobs).completeJob(eq(job), any(), contains("booking workflow closed, not applied"));
    }

    @Test
    void aJobThatCannotBeInspectedIsMarkedFailedWithItsTypeAndTheNextJobStillRuns() {
        UUID failing = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        when(jobs.inspectJob(failing))
                .thenThrow(ApplicationFailure.newNonRetryableFailure("graph 403", MeetingActivities.NON_RETRYABLE));
        when(jobs.inspectJob(next)).thenReturn(decision(JobDecision.Action.IGNORE, null));
        WorkflowStub.fromTyped(start(List.of(failing, next))).getResult(Void.class);
        verify(jobs).failJob(failing, MeetingActivities.NON_RETRYABLE);
        verify(jobs, never()).completeJob(eq(failing), any(), anyString());
        verify(jobs).completeJob(eq(next), any(), eq("ignore"));
    }

    @Test
    void aStartWithoutAJobListRunsTheJobSignalledWithIt() throws Exception {
        // a start from the Temporal CLI or UI may name only the salesperson: no carried-over jobs, not an empty list
        UUID job = UUID.randomUUID();
        when(jobs.inspectJob(job)).thenReturn(decision(JobDecision.Action.AUDIT_ONLY, UUID.randomUUID()));
        GraphEventWorkflow workflow = client.newWorkflowStub(
                GraphEventWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(QUEUE)
                        .build());
        BatchRequest signalWithStart = client.newSignalWithStartRequest();
        signalWithStart.add(workflow::run, new GraphEventInput(salesperson, null));
        signalWithStart.add(workflow::jobQueued, job);
        client.signalWithStart(signalWithStart);
        WorkflowStub.fromTyped(workflow).getResult(10, TimeUnit.SECONDS, Void.class);
        verify(jobs).inspectJob(job);
        verify(jobs).completeJob(eq(job), any(), eq("audit_only"));
    }

    @Test
    void aRunCancelledWhileAJobIsInspectedEndsCancelledAndLeavesTheJobForTheSweeper() throws Exception {
        // the inspection's failure is then a cancellation, not an application failure; marking the job failed is
        // refused in the cancelled run too, so the job row stays pending and the sweeper dispatches it again
        UUID job = UUID.randomUUID();
        CountDownLatch inspecting = new CountDownLatch(1);
        CountDownLatch graphAnswers = new CountDownLatch(1);
        try {
            when(jobs.inspectJob(job)).thenAnswer(a -> {
                inspecting.countDown();
                graphAnswers.await(10, TimeUnit.SECONDS);
                return decision(JobDecision.Action.IGNORE, null);
            });
            WorkflowStub run = WorkflowStub.fromTyped(start(List.of(job)));
            assertThat(inspecting.await(10, TimeUnit.SECONDS)).isTrue();
            run.cancel();
            assertThatThrownBy(() -> run.getResult(10, TimeUnit.SECONDS, Void.class))
                    .isInstanceOf(WorkflowFailedException.class)
                    .hasCauseInstanceOf(CanceledFailure.class);
            verify(jobs, never()).failJob(any(), any());
            verify(jobs, never()).completeJob(any(), any(), any());
        } finally {
            graphAnswers.countDown();
        }
    }

    @Test
    void aQueueLongerThanOneRunContinuesAsNewWithTheJobsLeft() {
        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i <= GraphEventWorkflowImpl.JOBS_PER_RUN; i++) {
            queued.add(UUID.randomUUID());
        }
        when(jobs.inspectJob(any())).thenReturn(decision(JobDecision.Action.IGNORE, null));
        GraphEventWorkflow workflow = start(queued);
        String firstRun = WorkflowStub.fromTyped(workflow).getExecution().getRunId();
        WorkflowStub.fromTyped(workflow).getResult(Void.class);
        var firstRunEvents = client.fetchHistory(workflowId, firstRun).getEvents();
        assertThat(firstRunEvents.get(firstRunEvents.size() - 1).getEventType())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        assertThat(firstRunEvents.stream()
                        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                        .count())
                .isEqualTo(2L * GraphEventWorkflowImpl.JOBS_PER_RUN);
        for (UUID job : queued) {
            verify(jobs, times(1)).completeJob(eq(job), any(), any());
        }
    }

    private BookingWorkflow startBooking(UUID bookingId) {
        BookingWorkflow booking = client.newWorkflowStub(
                BookingWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(BookingWorkflowInput.workflowId(bookingId))
                        .setTaskQueue(QUEUE)
                        .build());
        WorkflowClient.start(
                booking::run,
                new BookingWorkflowInput(
                        bookingId,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        START.minus(Duration.ofDays(1)),
                        START.minus(Duration.ofDays(1)).plusSeconds(3600),
                        START,
                        null,
                        Duration.ofDays(1)));
        booking.state();
        return booking;
    }

    /** A confirmed booking's workflow reduced to what the Graph event workflow talks to: its two signals. */
    public static class SignalledBooking implements BookingWorkflow {
        private BookingState state;
        private boolean changed;

        @Override
        public BookingState run(BookingWorkflowInput input) {
            state = new BookingState(
                    input.bookingId(),
                    BookingStatus.CONFIRMED,
                    input.startUtc(),
                    input.endUtc(),
                    input.holdExpiresAt());
            Workflow.await(() -> changed);
            Workflow.await(Duration.ofDays(1), () -> false);
            return state;
        }

        @Override
        public void salespersonMovedEvent(Instant newStartUtc, Instant newEndUtc) {
            state = new BookingState(state.bookingId(), state.status(), newStartUtc, newEndUtc, state.holdExpiresAt());
            changed = true;
        }

        @Override
        public void salespersonDeletedEvent() {
            state = new BookingState(
                    state.bookingId(), BookingStatus.CANCELED, state.startUtc(), state.endUtc(), state.holdExpiresAt());
            changed = true;
        }

        @Override
        public BookingState state() {
            return state;
        }

        @Override
        public BookingState requestVerification() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void validateRequestVerification() {}

        @Override
        public BookingState confirm(String verifyTokenId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void validateConfirm(String verifyTokenId) {}

        @Override
        public BookingState cancel(CancelRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void validateCancel(CancelRequest request) {}
    }
}
