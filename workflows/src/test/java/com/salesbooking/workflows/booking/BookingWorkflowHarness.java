package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.TestWorkers;
import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import com.salesbooking.workflows.booking.BookingStoreActivities.VerificationPrepared;
import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.StatsReporter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * The booking workflow with mocked activities on the time-skipping test server, for the test classes that check one
 * concern each (lock release, visibility, refusals, compensations) and for {@link BookingWorkflowTest}.
 */
abstract class BookingWorkflowHarness {

    static final String QUEUE = "booking-harness";
    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    static final Instant START = Instant.parse("2027-03-10T09:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(1));
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration ATTENDANCE_WINDOW = Duration.ofDays(30);

    TestWorkflowEnvironment env;
    WorkflowClient client;
    BookingStoreActivities store;
    MeetingActivities meetings;
    NotificationActivities mail;
    UUID bookingId;
    UUID tenantId;
    UUID salespersonId;
    /** The worker's metrics, for what ops are shown of a store call that failed for good (StoreFailures). */
    Scope metrics;

    StoreFailureReporter storeFailures;

    @BeforeEach
    void startTestServer() {
        storeFailures = new StoreFailureReporter();
        metrics = new RootScopeBuilder().reporter(storeFailures).reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
        TestEnvironmentOptions.Builder options =
                TestEnvironmentOptions.newBuilder().setInitialTime(T0).setMetricsScope(metrics);
        for (var key : BookingSearchAttributes.ALL) {
            options.registerSearchAttribute(key.getName(), key.getValueType());
        }
        env = TestWorkflowEnvironment.newInstance(options.build());
        Worker worker = TestWorkers.newWorker(env, QUEUE);
        worker.registerWorkflowImplementationTypes(BookingWorkflowImpl.class);
        store = mock(BookingStoreActivities.class, withSettings().withoutAnnotations());
        meetings = mock(MeetingActivities.class, withSettings().withoutAnnotations());
        mail = mock(NotificationActivities.class, withSettings().withoutAnnotations());
        worker.registerActivitiesImplementations(store, meetings, mail);
        env.start();
        client = env.getWorkflowClient();
        bookingId = UUID.randomUUID();
        tenantId = UUID.randomUUID();
        salespersonId = UUID.randomUUID();
        when(store.expireHold(any())).thenReturn(BookingStatus.EXPIRED);
        when(store.prepareVerification(any()))
                .thenReturn(new VerificationPrepared(BookingStatus.PENDING_VERIFY, T0.plus(TTL)));
        when(store.checkConfirmable(any(), anyString())).thenReturn(ConfirmCheck.OK);
        when(store.finalizeConfirmation(any(), anyString())).thenReturn(ConfirmCheck.OK);
        when(store.markCanceled(any(), any())).thenReturn(BookingStatus.CANCELED);
        when(store.moveBooking(any(), any(), any())).thenReturn(true);
    }

    /**
     * Closes each test's environment beside the next test. {@code env.close()} waits for the worker's pollers to stop,
     * checking every 250 ms (Temporal's ShutdownManager): measured at a median of 0.26 s of a test's 0.55 s, idle. The
     * next test starts a server, worker and mocks of its own, so nothing it checks depends on the old one's threads.
     */
    private static final ExecutorService CLOSER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "booking-harness-closer");
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void closeTestServer() throws Exception {
        // stops the worker polling at once: a workflow left running by this test takes no further task
        env.shutdownNow();
        CLOSER.execute(env::close);
        metrics.close();
    }

    /** How often ops were shown a store call of this operation failing for good ({@link StoreFailures#METRIC}). */
    long storeFailuresCounted(String operation) throws Exception {
        // closing the scope reports what it has counted
        metrics.close();
        return storeFailures.counted(operation);
    }

    /** Sums the store-failure counter by its operation tag; every other metric is left out. */
    static final class StoreFailureReporter implements StatsReporter {

        private final Map<String, Long> byOperation = new ConcurrentHashMap<>();

        long counted(String operation) {
            return byOperation.getOrDefault(operation, 0L);
        }

        @Override
        public void reportCounter(String name, Map<String, String> tags, long value) {
            if (name.equals(StoreFailures.METRIC)) {
                byOperation.merge(tags.get("operation"), value, Long::sum);
            }
        }

        @Override
        public void reportGauge(String name, Map<String, String> tags, double value) {}

        @Override
        public void reportTimer(String name, Map<String, String> tags, com.uber.m3.util.Duration interval) {}

        @Override
        public void reportHistogramValueSamples(
                String name,
                Map<String, String> tags,
                Buckets buckets,
                double bucketLowerBound,
                double bucketUpperBound,
                long samples) {}

        @Override
        public void reportHistogramDurationSamples(
                String name,
                Map<String, String> tags,
                Buckets buckets,
                com.uber.m3.util.Duration bucketLowerBound,
                com.uber.m3.util.Duration bucketUpperBound,
                long samples) {}

        @Override
        public Capabilities capabilities() {
            return CapableOf.REPORTING_TAGGING;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** Started as the api starts it (BookingWorkflows.start): with the hold's search attributes and memo. */
    BookingWorkflow start(MeetingProviderKind provider) {
        BookingVisibility hold = new BookingVisibility(tenantId, salespersonId, BookingStatus.HOLD, START, END, false);
        return start(
                provider,
                WorkflowOptions.newBuilder()
                        .setTypedSearchAttributes(hold.searchAttributes())
                        .setMemo(hold.memo()));
    }

    /**
     * Started without search attributes or memo (every starter now goes through BookingWorkflowLauncher, which sets
     * them; a start without them must still leave the booking findable).
     */
    BookingWorkflow startWithoutVisibility(MeetingProviderKind provider) {
        return start(provider, WorkflowOptions.newBuilder());
    }

    BookingWorkflow start(MeetingProviderKind provider, WorkflowOptions.Builder options) {
        BookingWorkflow workflow = client.newWorkflowStub(
                BookingWorkflow.class,
                options.setWorkflowId(BookingWorkflowInput.workflowId(bookingId))
                        .setTaskQueue(QUEUE)
                        .build());
        WorkflowClient.start(
                workflow::run,
                new BookingWorkflowInput(
                        bookingId, tenantId, salespersonId, START, END, T0.plus(TTL), provider, ATTENDANCE_WINDOW));
        return workflow;
    }

    BookingWorkflow confirmed(MeetingProviderKind provider) {
        BookingWorkflow workflow = start(provider);
        workflow.requestVerification();
        workflow.confirm("jti");
        return workflow;
    }

    BookingState result(BookingWorkflow workflow) {
        return WorkflowStub.fromTyped(workflow).getResult(BookingState.class);
    }

    void sleepUntil(Instant instant) {
        env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), instant));
    }

    /** What a store activity throws when the code is wrong: failed for good, not retried (StoreFailures). */
    static ApplicationFailure programmingError() {
        return ApplicationFailure.newNonRetryableFailure("bug", NoSuchElementException.class.getName());
    }

    /** A provider or mail call that failed for good. */
    static ApplicationFailure providerRefusal(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, MeetingActivities.NON_RETRYABLE);
    }

    /** Waits (on the history, not a clock) until the workflow has taken in every signal sent to it so far. */
    void awaitSignalsHandled() throws InterruptedException {
        // polls the state as Awaitility would (not a dependency of this module): a bound, not a wait for time
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!signalsHandled()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the workflow did not take in its signals within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private boolean signalsHandled() {
        var events =
                client.fetchHistory(BookingWorkflowInput.workflowId(bookingId)).getEvents();
        long lastSignal = -1;
        long lastTaskCompleted = -1;
        for (var event : events) {
            switch (event.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> lastSignal = event.getEventId();
                case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> lastTaskCompleted = event.getEventId();
                default -> {}
            }
        }
        return lastSignal >= 0 && lastTaskCompleted > lastSignal;
    }

    Object memo(String key) {
        return client.newUntypedWorkflowStub(BookingWorkflowInput.workflowId(bookingId))
                .describe()
                .getMemo(key, Object.class);
    }

    /** The search attributes as ops see them in the list. */
    SearchAttributes searchAttributes() {
        return client.newUntypedWorkflowStub(BookingWorkflowInput.workflowId(bookingId))
                .describe()
                .getTypedSearchAttributes();
    }
}
