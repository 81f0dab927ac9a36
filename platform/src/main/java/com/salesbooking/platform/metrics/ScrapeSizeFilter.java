package com.salesbooking.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps {@code /actuator/prometheus} small and flat as bookings grow (Spring applies every MeterFilter bean to the
 * registry):
 * <ul>
 * <li>The Temporal SDK publishes every timer as a percentile histogram (about 70 buckets per series) and fills every
 * tag it does not know with {@code none} (ten tag keys on every meter). Here: no histogram, except a few bucket
 * boundaries (SLOs) on the timers someone reads ({@link #READ}); and each SDK meter keeps only the tags of its
 * family ({@link #KEEP}), so a tag that is {@code none} is dropped, and every series of one name has the same tag
 * keys (Prometheus refuses a meter whose keys differ from its name's first meter: that is how the
 * {@code UpdateWorkflowExecution} request latency used to fail to register).</li>
 * <li>Spring's HTTP timers tag {@code exception} and {@code error} with {@code none} on every success; the failure is
 * in the log and in {@code status}/{@code outcome}, so those tags go.</li>
 * </ul>
 * No tag carries a booking, workflow or run id: series grow with operations, activities and outcomes, never with
 * bookings (ScrapeSizeBenchmark and SdkMetricsScrapeTest measure it).
 */
@Component
public class ScrapeSizeFilter implements MeterFilter {

    /** The SDK's tag value for "not applicable". */
    static final String NONE = "none";

    /** Tag keys kept per SDK meter name prefix (longest prefix first); everything else is dropped. */
    static final List<Map.Entry<String, Set<String>>> KEEP = List.of(
            // client calls: which call, and the gRPC status of a failed one. Not the namespace: the SDK tags it on
            // some calls only (UpdateWorkflowExecution's latency came without it and was refused), and a deployment
            // has one namespace anyway
            Map.entry("temporal_long_request", Set.of("operation", "status_code")),
            Map.entry("temporal_request", Set.of("operation", "status_code")),
            Map.entry("temporal_activity", Set.of("task_queue", "activity_type")),
            Map.entry("temporal_local_activity", Set.of("task_queue", "activity_type")),
            Map.entry("temporal_workflow", Set.of("task_queue", "workflow_type")),
            Map.entry("temporal_", Set.of("task_queue", "worker_type", "poller_type")));

    /** HTTP tags that are {@code none} on every success and add nothing to {@code status}/{@code outcome}. */
    static final Set<String> HTTP_DROP = Set.of("exception", "error");

    /**
     * The timers with buckets, and why someone reads each: the api's calls to Temporal (verify, confirm, cancel are
     * UpdateWorkflowExecution) against its latency objective; how long tasks wait for a worker (the scaling signal).
     * Bucket boundaries in seconds.
     */
    static final Map<String, Duration[]> READ = Map.of(
            "temporal_request_latency", seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            "temporal_workflow_task_schedule_to_start_latency", seconds(0.01, 0.05, 0.1, 0.5, 1, 5, 30),
            "temporal_activity_schedule_to_start_latency", seconds(0.01, 0.05, 0.1, 0.5, 1, 5, 30));

    /**
     * The tag keys of the first meter of each SDK name. The SDK leaves a tag {@code none} on some meters of a name
     * and fills it on others (activity_type on the schedule-to-start latency, operation on a few requests), so later
     * meters are cut to the first one's keys, and one still lacking a key is not published (see {@link #accept}).
     */
    private final ConcurrentHashMap<String, Set<String>> keysByName = new ConcurrentHashMap<>();

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        if (name.startsWith("temporal")) {
            Set<String> keep = keep(name);
            List<Tag> tags = id.getTags().stream()
                    .filter(t -> keep.contains(t.getKey()) && !NONE.equals(t.getValue()))
                    .toList();
            if (isRequest(name) && tags.stream().noneMatch(t -> t.getKey().equals("operation"))) {
                // a request without its operation says nothing; accept() drops it
                return id.replaceTags(tags);
            }
            Set<String> keys = tags.stream().map(Tag::getKey).collect(Collectors.toUnmodifiableSet());
            Set<String> first = keysByName.computeIfAbsent(name, n -> keys);
            return id.replaceTags(
                    tags.stream().filter(t -> first.contains(t.getKey())).toList());
        }
        if (name.startsWith("http.server.requests") || name.startsWith("http.client.requests")) {
            return id.replaceTags(id.getTags().stream()
                    .filter(t -> !HTTP_DROP.contains(t.getKey()))
                    .toList());
        }
        return id;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        String name = id.getName();
        if (!name.startsWith("temporal")) {
            return MeterFilterReply.NEUTRAL;
        }
        Set<String> keys = id.getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
        if (isRequest(name) && !keys.contains("operation")) {
            return MeterFilterReply.DENY;
        }
        Set<String> first = keysByName.get(name);
        return first == null || first.equals(keys) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }

    private static boolean isRequest(String name) {
        return name.startsWith("temporal_request") || name.startsWith("temporal_long_request");
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().startsWith("temporal")) {
            return config;
        }
        Duration[] buckets = READ.get(id.getName());
        DistributionStatisticConfig.Builder ours = DistributionStatisticConfig.builder()
                .percentilesHistogram(false)
                .percentiles();
        if (buckets != null) {
            ours.serviceLevelObjectives(java.util.Arrays.stream(buckets)
                    .mapToDouble(Duration::toNanos)
                    .toArray());
        }
        return ours.build().merge(config);
    }

    static Set<String> keep(String name) {
        for (Map.Entry<String, Set<String>> family : KEEP) {
            if (name.startsWith(family.getKey())) {
                return family.getValue();
            }
        }
        return Set.of();
    }

    static Duration[] seconds(double... values) {
        return java.util.Arrays.stream(values)
                .mapToObj(s -> Duration.ofNanos((long) (s * 1e9)))
                .toArray(Duration[]::new);
    }
}
