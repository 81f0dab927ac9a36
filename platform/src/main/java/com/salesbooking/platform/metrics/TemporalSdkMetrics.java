package com.salesbooking.platform.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The Temporal SDK's own metrics (requests, long polls, workflow and activity task latencies, worker slots,
 * sticky cache: {@code temporal_*} in Prometheus) reported into the application's Micrometer registry. The SDK
 * measures through a tally {@link Scope}; {@link MicrometerClientStatsReporter} forwards it. The scope is built
 * only when real service stubs are (the tests' in-process client brings its own and needs none), and closed
 * with the context: its reporting thread is not a daemon and would otherwise keep the JVM alive.
 */
@Component
public class TemporalSdkMetrics implements DisposableBean {

    /**
     * How often the scope pushes what the SDK measured into Micrometer. Prometheus scrapes every 15-60 s, so
     * values are at most 10 s staler than the scrape; the SDK's own samples use the same interval.
     */
    static final com.uber.m3.util.Duration REPORT_EVERY = com.uber.m3.util.Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private Scope scope;

    public TemporalSdkMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable();
    }

    /** Adds the metrics scope to the stubs' options (no-op without a registry). */
    public synchronized void applyTo(WorkflowServiceStubsOptions.Builder options) {
        if (registry == null) {
            return;
        }
        if (scope == null) {
            scope = new RootScopeBuilder()
                    .reporter(new MicrometerClientStatsReporter(registry))
                    .reportEvery(REPORT_EVERY);
        }
        options.setMetricsScope(scope);
    }

    @Override
    public synchronized void destroy() throws Exception {
        if (scope != null) {
            // flushes the last measurements and stops the reporting thread
            scope.close();
            scope = null;
        }
    }
}
