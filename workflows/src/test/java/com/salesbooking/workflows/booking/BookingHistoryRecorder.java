package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.RecordedHistories;
import com.salesbooking.workflows.TestWorkers;
import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import com.salesbooking.workflows.booking.BookingStoreActivities.VerificationPrepared;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * Records the history of each path of a booking (the real workflow code on the time-skipping test server, activities
 * mocked) into {@code src/test/resources/histories/booking-<path>-<release>.json}, for
 * {@link BookingWorkflowReplayTest}. Run it (not part of the suite) BEFORE changing the workflow, with the name of the
 * release that is running in production, and keep every history it wrote: an existing file is never overwritten.
 * {@code (cd workflows && ../mvnw -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.salesbooking.workflows.booking.BookingHistoryRecorder -Dexec.args=<release>)}
 */
public final class BookingHistoryRecorder {

    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    static final Instant START = Instant.parse("2027-03-10T09:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(1));
    static final Instant HOLD_EXPIRES = T0.plus(Duration.ofMinutes(10));

    /** Every recorded path, by name: what a booking does after it was started. */
    static final Map<String, Scenario> PATHS = new LinkedHashMap<>();

    static {
        PATHS.put("hold-confirm", new Scenario(MeetingProviderKind.ZOOM, false, (workflow, env) -> {
            workflow.requestVerification();
            workflow.confirm("jti-recorded");
        }));
        PATHS.put(
                "expiry",
                new Scenario(MeetingProviderKind.ZOOM, false, (workflow, env) -> workflow.requestVerification()));
        PATHS.put("cancel", new Scenario(MeetingProviderKind.ZOOM, false, (workflow, env) -> {
            workflow.requestVerification();
            workflow.confirm("jti-recorded");
            workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null));
        }));
        PATHS.put("reschedule", new Scenario(MeetingProviderKind.ZOOM, false, (workflow, env) -> {
            workflow.requestVerification();
            workflow.confirm("jti-recorded");
            workflow.cancel(new CancelRequest(
                    CancelRequest.Actor.CUSTOMER,
                    "rescheduled",
                    UUID.fromString("11111111-2222-4333-8444-666666666666")));
        }));
        PATHS.put("salesperson-move", new Scenario(MeetingProviderKind.ZOOM, false, (workflow, env) -> {
            workflow.requestVerification();
            workflow.confirm("jti-recorded");
            // two days later, which also moves the customer's cancel deadline
            workflow.salespersonMovedEvent(START.plus(Duration.ofDays(2)), END.plus(Duration.ofDays(2)));
        }));
        PATHS.put("salesperson-move-after-deadline", new Scenario(MeetingProviderKind.ZOOM, false, (workflow, env) -> {
            workflow.requestVerification();
            workflow.confirm("jti-recorded");
            // past the deadline timer, then a move: the loop arms its timers again
            env.sleep(Duration.between(T0, START.minus(Duration.ofHours(12))));
            workflow.salespersonMovedEvent(START.plus(Duration.ofHours(3)), END.plus(Duration.ofHours(3)));
        }));
        PATHS.put("salesperson-delete", new Scenario(MeetingProviderKind.ZOOM, false, (workflow, env) -> {
            workflow.requestVerification();
            workflow.confirm("jti-recorded");
            workflow.salespersonDeletedEvent();
        }));
        PATHS.put("compensation", new Scenario(MeetingProviderKind.ZOOM, true, (workflow, env) -> {
            workflow.requestVerification();
            try {
                workflow.confirm("jti-recorded");
                throw new IllegalStateException("the first confirm was meant to fail at Graph");
            } catch (io.temporal.client.WorkflowUpdateException expected) {
                // Graph refused the event, the Zoom delete failed too: a compensation record; the retry succeeds
            }
            workflow.confirm("jti-recorded");
        }));
        PATHS.put("teams", new Scenario(MeetingProviderKind.TEAMS, false, (workflow, env) -> {
            workflow.requestVerification();
            workflow.confirm("jti-recorded");
        }));
    }

    /**
     * A booking path: the tenant's provider, whether the first Outlook create and the Zoom undo fail for good, and
     * what clients do to the booking's workflow.
     */
    record Scenario(
            MeetingProviderKind provider,
            boolean firstCreateFails,
            BiConsumer<BookingWorkflow, TestWorkflowEnvironment> steps) {}

    private BookingHistoryRecorder() {}

    public static void main(String[] args) throws Exception {
        String release = args.length > 0 ? args[0] : "current";
        List<String> only = args.length > 1 ? List.of(args[1].split(",")) : List.copyOf(PATHS.keySet());
        for (String path : only) {
            Path target = RecordedHistories.sourceFolder().resolve("booking-" + path + "-" + release + ".json");
            if (Files.exists(target)) {
                System.out.println("kept " + target + " (histories of a release are never re-recorded)");
                continue;
            }
            Files.writeString(target, record(PATHS.get(path)));
            System.out.println("recorded " + target.toAbsolutePath());
        }
    }

    static String record(Scenario scenario) {
        TestEnvironmentOptions.Builder options =
                TestEnvironmentOptions.newBuilder().setInitialTime(T0);
        for (var key : BookingSearchAttributes.ALL) {
            options.registerSearchAttribute(key.getName(), key.getValueType());
        }
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options.build())) {
            Worker worker = TestWorkers.newWorker(env, "record");
            worker.registerWorkflowImplementationTypes(BookingWorkflowImpl.class);
            BookingStoreActivities store =
                    mock(BookingStoreActivities.class, withSettings().withoutAnnotations());
            when(store.expireHold(any())).thenReturn(BookingStatus.EXPIRED);
            when(store.prepareVerification(any()))
                    .thenReturn(new VerificationPrepared(BookingStatus.PENDING_VERIFY, HOLD_EXPIRES));
            when(store.checkConfirmable(any(), anyString())).thenReturn(ConfirmCheck.OK);
            when(store.finalizeConfirmation(any(), anyString())).thenReturn(ConfirmCheck.OK);
            when(store.markCanceled(any(), any())).thenReturn(BookingStatus.CANCELED);
            when(store.moveBooking(any(), any(), any())).thenReturn(true);
            MeetingActivities meetings =
                    mock(MeetingActivities.class, withSettings().withoutAnnotations());
            if (scenario.firstCreateFails()) {
                doThrow(ApplicationFailure.newNonRetryableFailure("graph 400", MeetingActivities.NON_RETRYABLE))
                        .doNothing()
                        .when(meetings)
                        .createCalendarEvent(any(), anyInt());
                doThrow(ApplicationFailure.newNonRetryableFailure("zoom 400", MeetingActivities.NON_RETRYABLE))
                        .doNothing()
                        .when(meetings)
                        .deleteZoomMeeting(any());
            }
            worker.registerActivitiesImplementations(
                    store,
                    meetings,
                    mock(NotificationActivities.class, withSettings().withoutAnnotations()));
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            UUID bookingId = UUID.fromString("11111111-2222-4333-8444-555555555555");
            UUID tenantId = UUID.fromString("a0000000-0000-4000-8000-000000000001");
            UUID salespersonId = UUID.fromString("a0000000-0000-4000-8000-000000000101");
            // started as the api starts it (BookingWorkflows.start): with the hold's search attributes and memo
            BookingVisibility started =
                    new BookingVisibility(tenantId, salespersonId, BookingStatus.HOLD, START, END, false);
            BookingWorkflow workflow = client.newWorkflowStub(
                    BookingWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId(BookingWorkflowInput.workflowId(bookingId))
                            .setTaskQueue("record")
                            .setTypedSearchAttributes(started.searchAttributes())
                            .setMemo(started.memo())
                            .build());
            WorkflowClient.start(
                    workflow::run,
                    new BookingWorkflowInput(
                            bookingId,
                            tenantId,
                            salespersonId,
                            START,
                            END,
                            HOLD_EXPIRES,
                            scenario.provider(),
                            Duration.ofDays(30)));
            scenario.steps().accept(workflow, env);
            WorkflowStub.fromTyped(workflow).getResult(BookingState.class);
            return client.fetchHistory(BookingWorkflowInput.workflowId(bookingId))
                    .toJson(true);
        }
    }
}
