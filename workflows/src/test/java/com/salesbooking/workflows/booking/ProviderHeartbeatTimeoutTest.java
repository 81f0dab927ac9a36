package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.TestWorkers;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider activity whose call hangs (a Graph call waiting on a stuck connection, a worker frozen mid-call) under
 * the booking's provider options: Temporal gives the silent attempt up by its heartbeat time-out, before its 30 s
 * start-to-close, and retries; when the hung call finally returns, the attempt's heartbeat (MeetingActivitiesImpl
 * heartbeats after every provider call) tells it that it was given up, and it stops before storing anything.
 * <p>
 * The test server skips no time while an activity runs, so this test lasts the heartbeat time-out (25 s) in real
 * time; it waits on the workflow's result, not on a clock.
 */
class ProviderHeartbeatTimeoutTest {

    private static final String TASK_QUEUE = "provider-heartbeat";

    /** One saga step under the real options, nothing else. */
    @WorkflowInterface
    public interface OneProviderStep {
        @WorkflowMethod
        void run(UUID bookingId);
    }

    public static class OneProviderStepImpl implements OneProviderStep {
        private final MeetingActivities meetings =
                Workflow.newActivityStub(MeetingActivities.class, BookingActivities.PROVIDER);

        @Override
        public void run(UUID bookingId) {
            meetings.createZoomMeeting(bookingId);
        }
    }

    /** Zoom's create hangs on the first attempt until the test lets it return; later attempts answer at once. */
    static class FirstCallHangs implements MeetingActivities {
        final CountDownLatch hungCallReturns = new CountDownLatch(1);
        final CompletableFuture<Throwable> firstAttemptStopped = new CompletableFuture<>();
        final List<Integer> attemptsThatStored = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> firstAttemptCalling = new CompletableFuture<>();
        /** When Temporal scheduled the retry, after the first attempt was given up (the test server's clock). */
        final CompletableFuture<Duration> retryScheduledAfter = new CompletableFuture<>();

        @Override
        public void createZoomMeeting(UUID bookingId) {
            int attempt = Activity.getExecutionContext().getInfo().getAttempt();
            ActivityInfo info = Activity.getExecutionContext().getInfo();
            if (attempt == 1) {
                firstAttemptCalling.complete(null);
                try {
                    hungCallReturns.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    // what MeetingActivitiesImpl does after every provider call
                    Activity.getExecutionContext().heartbeat(null);
                } catch (ActivityCompletionException e) {
                    firstAttemptStopped.complete(e);
                    throw e;
                }
                firstAttemptStopped.complete(null);
            }
            if (attempt == 2) {
                retryScheduledAfter.complete(
                        Duration.ofMillis(info.getCurrentAttemptScheduledTimestamp() - info.getScheduledTimestamp()));
            }
            attemptsThatStored.add(attempt);
        }

        @Override
        public void createCalendarEvent(UUID bookingId, int attempt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteZoomMeeting(UUID bookingId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancelCalendarEvent(UUID bookingId, String comment) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateZoomMeetingTime(UUID bookingId) {
            throw new UnsupportedOperationException();
        }
    }

    private TestWorkflowEnvironment env;
    private final FirstCallHangs zoom = new FirstCallHangs();

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = TestWorkers.newWorker(env, TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(OneProviderStepImpl.class);
        worker.registerActivitiesImplementations(zoom);
        env.start();
    }

    @AfterEach
    void tearDown() {
        zoom.hungCallReturns.countDown();
        env.close();
    }

    @Test
    void aHungProviderAttemptIsGivenUpByItsHeartbeatTimeoutRetriedAndStopsWhenItsCallReturns() throws Exception {
        String workflowId = "provider-heartbeat-" + UUID.randomUUID();
        OneProviderStep workflow = env.getWorkflowClient()
                .newWorkflowStub(
                        OneProviderStep.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(workflowId)
                                .setTaskQueue(TASK_QUEUE)
                                .build());

        CompletableFuture<Void> done = WorkflowClient.execute(workflow::run, UUID.randomUUID());
        zoom.firstAttemptCalling.get(10, TimeUnit.SECONDS);
        // the test server skips no time while an activity runs: this waits the heartbeat time-out in real time
        done.get(60, TimeUnit.SECONDS);

        assertThat(zoom.retryScheduledAfter.get())
                .as("the silent attempt was given up at its heartbeat time-out, before its start-to-close")
                .isGreaterThanOrEqualTo(MeetingActivities.PROVIDER_HEARTBEAT_TIMEOUT)
                .isLessThan(BookingActivities.PROVIDER.getStartToCloseTimeout());

        HistoryEvent started = env.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .findFirst()
                .orElseThrow();
        assertThat(started.getActivityTaskStartedEventAttributes().getAttempt())
                .as("the step completed on its second attempt")
                .isEqualTo(2);
        zoom.hungCallReturns.countDown();
        assertThat(zoom.firstAttemptStopped.get(10, TimeUnit.SECONDS))
                .as("the returning attempt learns from its heartbeat that it was given up")
                .isInstanceOf(ActivityCompletionException.class);
        assertThat(zoom.attemptsThatStored).containsExactly(2);
    }
}
