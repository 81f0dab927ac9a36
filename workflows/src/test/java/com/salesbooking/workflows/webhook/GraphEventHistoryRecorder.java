package com.salesbooking.workflows.webhook;

import com.salesbooking.workflows.RecordedHistories;
import com.salesbooking.workflows.TestWorkers;
import com.salesbooking.workflows.booking.BookingSearchAttributes;
import com.salesbooking.workflows.booking.BookingStoreActivities;
import com.salesbooking.workflows.booking.BookingWorkflow;
import com.salesbooking.workflows.booking.BookingWorkflowImpl;
import com.salesbooking.workflows.booking.BookingWorkflowInput;
import com.salesbooking.workflows.booking.MeetingActivities;
import com.salesbooking.workflows.booking.MeetingProviderKind;
import com.salesbooking.workflows.booking.NotificationActivities;
import com.salesbooking.workflows.webhook.GraphEventWorkflow.GraphEventInput;
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
import java.util.List;
import java.util.UUID;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * Records the history of one Outlook event's job queue (a move and a deletion signalled to the booking's running
 * workflow, an edit that is only audited, a job whose inspection fails for good, a repeated delivery) into
 * {@code src/test/resources/histories/graph-event-<release>.json}, for {@link GraphEventWorkflowReplayTest}. Run it
 * (not part of the suite) BEFORE changing the workflow; an existing file is never overwritten:
 * {@code (cd workflows && ../mvnw -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.salesbooking.workflows.webhook.GraphEventHistoryRecorder -Dexec.args=<release>)}
 */
public final class GraphEventHistoryRecorder {

    private GraphEventHistoryRecorder() {}

    public static void main(String[] args) throws Exception {
        String release = args.length > 0 ? args[0] : "current";
        Path target = RecordedHistories.sourceFolder().resolve("graph-event-" + release + ".json");
        if (Files.exists(target)) {
            System.out.println("kept " + target + " (histories of a release are never re-recorded)");
            return;
        }
        TestEnvironmentOptions.Builder options =
                TestEnvironmentOptions.newBuilder().setInitialTime(Instant.parse("2027-03-01T08:00:00Z"));
        for (var key : BookingSearchAttributes.ALL) {
            options.registerSearchAttribute(key.getName(), key.getValueType());
        }
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options.build())) {
            Worker worker = TestWorkers.newWorker(env, "record");
            // the booking's workflow receives the signals; it stays in its hold phase while this history is recorded
            worker.registerWorkflowImplementationTypes(GraphEventWorkflowImpl.class, BookingWorkflowImpl.class);
            worker.registerActivitiesImplementations(
                    mock(BookingStoreActivities.class, withSettings().withoutAnnotations()),
                    mock(MeetingActivities.class, withSettings().withoutAnnotations()),
                    mock(NotificationActivities.class, withSettings().withoutAnnotations()));
            WebhookJobActivities jobs =
                    mock(WebhookJobActivities.class, withSettings().withoutAnnotations());
            UUID moved = UUID.fromString("b0000000-0000-4000-8000-000000000001");
            UUID deleted = UUID.fromString("b0000000-0000-4000-8000-000000000002");
            UUID edited = UUID.fromString("b0000000-0000-4000-8000-000000000003");
            UUID failing = UUID.fromString("b0000000-0000-4000-8000-000000000004");
            UUID repeated = UUID.fromString("b0000000-0000-4000-8000-000000000005");
            UUID bookingId = UUID.fromString("11111111-2222-4333-8444-555555555555");
            Instant start = Instant.parse("2027-03-12T09:00:00Z");
            when(jobs.inspectJob(moved))
                    .thenReturn(new JobDecision(
                            JobDecision.Action.MOVED, bookingId, start, start.plusSeconds(3600), "ck-2", "moved"));
            when(jobs.inspectJob(deleted))
                    .thenReturn(new JobDecision(JobDecision.Action.DELETED, bookingId, null, null, null, "deleted"));
            when(jobs.inspectJob(edited))
                    .thenReturn(new JobDecision(
                            JobDecision.Action.AUDIT_ONLY, bookingId, null, null, "ck-3", "subject changed"));
            when(jobs.inspectJob(failing))
                    .thenThrow(ApplicationFailure.newNonRetryableFailure("graph 403", MeetingActivities.NON_RETRYABLE));
            when(jobs.inspectJob(repeated)).thenReturn(JobDecision.of(JobDecision.Action.SKIP, "done already"));
            worker.registerActivitiesImplementations(jobs);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            BookingWorkflow booking = client.newWorkflowStub(
                    BookingWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId(BookingWorkflowInput.workflowId(bookingId))
                            .setTaskQueue("record")
                            .build());
            WorkflowClient.start(
                    booking::run,
                    new BookingWorkflowInput(
                            bookingId,
                            UUID.randomUUID(),
                            UUID.randomUUID(),
                            start,
                            start.plusSeconds(3600),
                            start,
                            MeetingProviderKind.ZOOM,
                            Duration.ofDays(1)));
            String workflowId = GraphEventWorkflow.workflowId(
                    UUID.fromString("a0000000-0000-4000-8000-000000000101"), "AAMkAGI1recorded", null);
            GraphEventWorkflow workflow = client.newWorkflowStub(
                    GraphEventWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId(workflowId)
                            .setTaskQueue("record")
                            .build());
            WorkflowClient.start(
                    workflow::run,
                    new GraphEventInput(
                            UUID.fromString("a0000000-0000-4000-8000-000000000101"),
                            List.of(moved, deleted, edited, failing, repeated)));
            WorkflowStub.fromTyped(workflow).getResult(Void.class);
            Files.writeString(target, client.fetchHistory(workflowId).toJson(true));
            System.out.println("recorded " + target.toAbsolutePath());
        }
    }
}
