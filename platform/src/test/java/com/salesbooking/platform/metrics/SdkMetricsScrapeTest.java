package com.salesbooking.platform.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Temporal SDK's metrics as Prometheus scrapes them, through {@link ScrapeSizeFilter}: a worker and a client on
 * the test server run booking-shaped workflows (an activity, an accepted update, a refused update, completion), and
 * the scrape must hold no {@code none} tag, no percentile histogram beyond the read timers' few buckets, no
 * series per workflow, and every meter must register (the UpdateWorkflowExecution latency used to fail).
 */
class SdkMetricsScrapeTest {

    @WorkflowInterface
    public interface Shaped {
        @WorkflowMethod
        void run();

        @UpdateMethod
        String confirm(boolean accept);
    }

    @ActivityInterface
    public interface Step {
        String step(String input);
    }

    public static class ShapedImpl implements Shaped {
        private final Step step = Workflow.newActivityStub(
                Step.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .build());
        private boolean confirmed;

        @Override
        public void run() {
            step.step("hold");
            Workflow.await(() -> confirmed);
        }

        @Override
        public String confirm(boolean accept) {
            if (!accept) {
                throw ApplicationFailure.newNonRetryableFailure("refused", "INVALID_STATE");
            }
            String result = step.step("confirm");
            confirmed = true;
            return result;
        }
    }

    PrometheusMeterRegistry registry;
    List<String> registrationFailures;
    Scope scope;
    TestWorkflowEnvironment env;
    WorkflowClient client;

    @BeforeEach
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new ScrapeSizeFilter());
        registrationFailures = new ArrayList<>();
        registry.config()
                .onMeterRegistrationFailed((id, reason) -> registrationFailures.add(id.getName() + ": " + reason));
        scope = new RootScopeBuilder()
                .reporter(new MicrometerClientStatsReporter(registry))
                .reportEvery(com.uber.m3.util.Duration.ofMillis(100));
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setMetricsScope(scope)
                .setWorkflowServiceStubsOptions(WorkflowServiceStubsOptions.newBuilder()
                        .setMetricsScope(scope)
                        .build())
                .build());
        Worker worker = env.newWorker("shaped");
        worker.registerWorkflowImplementationTypes(ShapedImpl.class);
        worker.registerActivitiesImplementations((Step) input -> input + "-done");
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
        scope.close();
    }

    private void runWorkflows(int n) {
        for (int i = 0; i < n; i++) {
            Shaped shaped = client.newWorkflowStub(
                    Shaped.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId("booking-" + UUID.randomUUID())
                            .setTaskQueue("shaped")
                            .build());
            WorkflowClient.start(shaped::run);
            assertThatThrownBy(() -> shaped.confirm(false)).isInstanceOf(WorkflowUpdateException.class);
            assertThat(shaped.confirm(true)).isEqualTo("confirm-done");
            io.temporal.client.WorkflowStub.fromTyped(shaped).getResult(Void.class);
        }
    }

    private String scrape() throws InterruptedException {
        // the scope reports every 100 ms
        Thread.sleep(500);
        return registry.scrape();
    }

    /** Every series (name and labels), values dropped. */
    private static Set<String> series(String scrape) {
        return scrape.lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.substring(0, l.lastIndexOf(' ')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void sdkMetricsHaveNoNoneTagsNoPerWorkflowSeriesAndAllRegister() throws Exception {
        runWorkflows(2);
        String first = scrape();
        runWorkflows(3);
        String later = scrape();

        assertThat(registrationFailures).as("meters Prometheus refused").isEmpty();
        assertThat(later)
                .as("the update's request latency is published")
                .contains("temporal_request_latency_seconds_count{")
                .contains("operation=\"UpdateWorkflowExecution\"");
        assertThat(later).as("no none-valued tag:\n" + later).doesNotContain("=\"none\"");
        assertThat(later).as("no workflow id in any label").doesNotContain("booking-");
        assertThat(series(later)).as("no series per workflow").isEqualTo(series(first));
        long buckets = later.lines().filter(l -> l.contains("_bucket{")).count();
        assertThat(buckets).as("buckets only on the read timers:\n" + later).isLessThan(120);
        System.out.println("SDK scrape after 5 workflows: " + later.length() + " bytes, "
                + series(later).size() + " series");
    }
}
