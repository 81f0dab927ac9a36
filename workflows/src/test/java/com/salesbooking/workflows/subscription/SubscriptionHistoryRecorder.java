package com.salesbooking.workflows.subscription;

import com.salesbooking.workflows.RecordedHistories;
import com.salesbooking.workflows.TestWorkers;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow.LifecycleSignal;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow.SubscriptionWorkflowInput;
import com.salesbooking.workflows.subscription.SubscriptionActivities.SubscriptionGrant;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * Records the histories of a salesperson's subscription workflow into
 * {@code src/test/resources/histories/subscription-<cycle>-<release>.json}, for
 * {@link GraphSubscriptionWorkflowReplayTest}: the first run (create, resync, sleep to half the lifetime, renew,
 * continue as new), and a run woken by a {@code missed} lifecycle notification. Run it (not part of the suite)
 * BEFORE changing the workflow; an existing file is never overwritten:
 * {@code (cd workflows && ../mvnw -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.salesbooking.workflows.subscription.SubscriptionHistoryRecorder -Dexec.args=<release>)}
 */
public final class SubscriptionHistoryRecorder {

    private SubscriptionHistoryRecorder() {}

    public static void main(String[] args) throws Exception {
        String release = args.length > 0 ? args[0] : "current";
        record(RecordedHistories.sourceFolder().resolve("subscription-renewal-" + release + ".json"), false);
        record(RecordedHistories.sourceFolder().resolve("subscription-missed-" + release + ".json"), true);
    }

    static void record(Path target, boolean missed) throws Exception {
        if (Files.exists(target)) {
            System.out.println("kept " + target + " (histories of a release are never re-recorded)");
            return;
        }
        UUID tenant = UUID.fromString("a0000000-0000-4000-8000-000000000001");
        UUID salesperson = UUID.fromString("a0000000-0000-4000-8000-000000000101");
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setInitialTime(Instant.parse("2027-03-01T08:00:00Z"))
                .build())) {
            Worker worker = TestWorkers.newWorker(env, "record");
            worker.registerWorkflowImplementationTypes(GraphSubscriptionWorkflowImpl.class);
            SubscriptionActivities activities =
                    mock(SubscriptionActivities.class, withSettings().withoutAnnotations());
            AtomicInteger created = new AtomicInteger();
            when(activities.salespersonActive(tenant, salesperson)).thenReturn(true);
            when(activities.createSubscription(eq(tenant), eq(salesperson), any(), any()))
                    .thenAnswer(a -> new SubscriptionGrant("sub-" + created.incrementAndGet(), a.getArgument(3)));
            when(activities.renewSubscription(eq(tenant), anyString(), any()))
                    .thenAnswer(a -> new SubscriptionGrant(a.getArgument(1), a.getArgument(2)));
            worker.registerActivitiesImplementations(activities);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            String workflowId = GraphSubscriptionWorkflow.workflowId(salesperson);
            GraphSubscriptionWorkflow workflow = client.newWorkflowStub(
                    GraphSubscriptionWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId(workflowId)
                            .setTaskQueue("record")
                            .build());
            WorkflowExecution first =
                    WorkflowClient.start(workflow::run, SubscriptionWorkflowInput.start(tenant, salesperson));
            env.sleep(Duration.ofSeconds(1));
            if (missed) {
                workflow.lifecycle(new LifecycleSignal("sub-1", LifecycleEvent.MISSED));
                env.sleep(Duration.ofSeconds(1));
            } else {
                // past half of the granted week: renewed, then continued as new
                env.sleep(Duration.ofDays(4));
            }
            Files.writeString(
                    target, client.fetchHistory(workflowId, first.getRunId()).toJson(true));
            System.out.println("recorded " + target.toAbsolutePath());
        }
    }
}
