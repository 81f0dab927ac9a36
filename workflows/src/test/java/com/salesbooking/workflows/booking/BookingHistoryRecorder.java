package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import com.salesbooking.workflows.booking.BookingStoreActivities.VerificationPrepared;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * Records the history of a full hold -> verify -> confirm -> completion run into
 * {@code src/test/resources/histories/}, for {@link BookingWorkflowReplayTest}. Run it (not part of the suite)
 * only when a workflow change is deliberately versioned, and keep the old histories:
 * {@code ./mvnw -q -pl workflows exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.salesbooking.workflows.booking.BookingHistoryRecorder}
 */
public final class BookingHistoryRecorder {

    private BookingHistoryRecorder() {
    }

    public static void main(String[] args) throws Exception {
        TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder()
                .setInitialTime(Instant.parse("2027-03-01T08:00:00Z"));
        for (var key : BookingSearchAttributes.ALL) {
            options.registerSearchAttribute(key.getName(), key.getValueType());
        }
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options.build())) {
            Worker worker = env.newWorker("record");
            worker.registerWorkflowImplementationTypes(BookingWorkflowImpl.class);
            BookingStoreActivities store = mock(BookingStoreActivities.class, withSettings().withoutAnnotations());
            when(store.prepareVerification(any())).thenReturn(new VerificationPrepared(BookingStatus.PENDING_VERIFY,
                    Instant.parse("2027-03-01T08:10:00Z")));
            when(store.checkConfirmable(any(), anyString())).thenReturn(ConfirmCheck.OK);
            when(store.finalizeConfirmation(any(), anyString())).thenReturn(ConfirmCheck.OK);
            worker.registerActivitiesImplementations(store, mock(MeetingActivities.class, withSettings().withoutAnnotations()),
                    mock(NotificationActivities.class, withSettings().withoutAnnotations()));
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            UUID bookingId = UUID.fromString("11111111-2222-4333-8444-555555555555");
            BookingWorkflow workflow = client.newWorkflowStub(BookingWorkflow.class, WorkflowOptions.newBuilder()
                    .setWorkflowId(BookingWorkflowInput.workflowId(bookingId)).setTaskQueue("record").build());
            WorkflowClient.start(workflow::run, new BookingWorkflowInput(bookingId,
                    UUID.fromString("a0000000-0000-4000-8000-000000000001"), UUID.fromString("a0000000-0000-4000-8000-000000000101"),
                    Instant.parse("2027-03-10T09:00:00Z"), Instant.parse("2027-03-10T10:00:00Z"),
                    Instant.parse("2027-03-01T08:10:00Z"), MeetingProviderKind.ZOOM, Duration.ofDays(30)));
            workflow.requestVerification();
            workflow.confirm("jti-recorded");
            WorkflowStub.fromTyped(workflow).getResult(BookingState.class);
            String json = client.fetchHistory(BookingWorkflowInput.workflowId(bookingId)).toJson(true);
            Path target = Path.of("src/test/resources/histories/booking-hold-confirm-v1.json");
            Files.writeString(target, json);
            System.out.println("recorded " + target.toAbsolutePath());
        }
    }
}
