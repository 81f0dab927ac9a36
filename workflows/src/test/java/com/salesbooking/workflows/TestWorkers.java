package com.salesbooking.workflows;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;

import java.time.Duration;

/** Workers for workflow tests: the test environment's defaults, with a deadlock detector that tolerates a busy CI. */
public final class TestWorkers {

    /**
     * The SDK fails a workflow task that runs longer than 1 s as a deadlock. On a shared two-core machine a first task
     * (class loading, the data converter warming up) can wait that long for CPU; the failed task is retried and the
     * test passes, but the thread dump lands in the history. A real deadlock still fails, after this.
     */
    public static final Duration DEADLOCK_DETECTION = Duration.ofSeconds(30);

    private TestWorkers() {}

    public static Worker newWorker(TestWorkflowEnvironment env, String taskQueue) {
        return env.newWorker(
                taskQueue,
                WorkerOptions.newBuilder()
                        .setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION.toMillis())
                        .build());
    }
}
