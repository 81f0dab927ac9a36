package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.TestWorkers;
import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import com.salesbooking.workflows.booking.BookingStoreActivities.VerificationPrepared;
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
import java.util.NoSuchElementException;
import java.util.UUID;

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

    @BeforeEach
    void startTestServer() {
        TestEnvironmentOptions.Builder options =
                TestEnvironmentOptions.newBuilder().setInitialTime(T0);
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

    @AfterEach
    void closeTestServer() {
        env.close();
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

    private BookingWorkflow start(MeetingProviderKind provider, WorkflowOptions.Builder options) {
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
