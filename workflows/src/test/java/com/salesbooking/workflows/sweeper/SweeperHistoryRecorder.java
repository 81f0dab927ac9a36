package com.salesbooking.workflows.sweeper;

import com.salesbooking.workflows.RecordedHistories;
import com.salesbooking.workflows.TestWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

/**
 * Records the history of a running sweeper (three rounds, sleeping in the third) into
 * {@code src/test/resources/histories/sweeper-<name>.json}, for {@link SweeperWorkflowReplayTest}. Run it (not part
 * of the suite) when a sweeper change is deliberately versioned, and keep the old histories:
 * {@code (cd workflows && ../mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.salesbooking.workflows.sweeper.SweeperHistoryRecorder -Dexec.args=<name>)}
 */
public final class SweeperHistoryRecorder {

    private SweeperHistoryRecorder() {}

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "current";
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setInitialTime(Instant.parse("2027-03-01T08:00:00Z"))
                .build())) {
            Worker worker = TestWorkers.newWorker(env, "record");
            worker.registerWorkflowImplementationTypes(SweeperWorkflowImpl.class);
            worker.registerActivitiesImplementations(
                    mock(SweeperActivities.class, withSettings().withoutAnnotations()));
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            SweeperWorkflow sweeper = client.newWorkflowStub(
                    SweeperWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId("hold-sweeper")
                            .setTaskQueue("record")
                            .build());
            WorkflowClient.start(sweeper::run, Duration.ofMinutes(1));
            env.sleep(Duration.ofSeconds(150));
            String json = client.fetchHistory("hold-sweeper").toJson(true);
            Path target = RecordedHistories.sourceFolder().resolve("sweeper-" + name + ".json");
            Files.writeString(target, json);
            System.out.println("recorded " + target.toAbsolutePath());
        }
    }
}
