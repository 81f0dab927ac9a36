package com.salesbooking.platform.health;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Readiness of the Temporal frontend ({@code temporal} in {@code /actuator/health/readiness}): one GetSystemInfo
 * call with a short deadline. GetSystemInfo is what every SDK client calls when it connects: it needs no
 * namespace, reads nothing from Temporal's database, and the Java test servers (local mode, system tests)
 * implement it, whereas they do not implement the gRPC health service that {@code healthCheck()} would ask.
 * It goes through the same stubs (address, TLS, API key) as every workflow call, so a wrong key shows up here too.
 *
 * <p>Works with whatever {@link WorkflowClient} bean exists: the production one, or the test environment's.
 * The DOWN reason names the gRPC status code only; the server's own description can carry host names and is
 * left out, and no credential ever appears.
 */
@Component("temporalHealthIndicator")
public class TemporalHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(TemporalHealthIndicator.class);

    /**
     * The readiness probe gives up after 3 s (azure/modules/apps.bicep) and the indicators of the group run one
     * after another, so the Temporal check must answer within 2 s to leave ~1 s for the database check and the
     * HTTP round trip. A healthy frontend answers in milliseconds (tens of ms to Temporal Cloud in another
     * region; a few hundred when TLS is set up on a fresh connection), so 2 s only ever cuts off a sick one.
     */
    public static final Duration DEADLINE = Duration.ofSeconds(2);

    private final WorkflowClient client;
    private final Duration deadline;
    /** Last reported state, so a change is logged once instead of at every probe (every 5 s). */
    private volatile Boolean lastUp;

    @Autowired
    public TemporalHealthIndicator(WorkflowClient client) {
        this(client, DEADLINE);
    }

    public TemporalHealthIndicator(WorkflowClient client, Duration deadline) {
        this.client = client;
        this.deadline = deadline;
    }

    @Override
    public Health health() {
        String namespace = client.getOptions().getNamespace();
        long started = System.nanoTime();
        try {
            GetSystemInfoResponse info = client.getWorkflowServiceStubs()
                    .blockingStub()
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            changed(true, null);
            Health.Builder up = Health.up()
                    .withDetail("namespace", namespace)
                    .withDetail("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            if (!info.getServerVersion().isEmpty()) {
                up.withDetail("serverVersion", info.getServerVersion());
            }
            return up.build();
        } catch (StatusRuntimeException e) {
            String reason = reason(e.getStatus().getCode());
            changed(false, reason);
            return Health.down()
                    .withDetail("namespace", namespace)
                    .withDetail("code", e.getStatus().getCode().name())
                    .withDetail("reason", reason)
                    .build();
        } catch (RuntimeException e) {
            // e.g. stubs already shut down: the type is enough, a message might echo configuration
            String reason = "Temporal client unusable (" + e.getClass().getSimpleName() + ")";
            changed(false, reason);
            return Health.down()
                    .withDetail("namespace", namespace)
                    .withDetail("reason", reason)
                    .build();
        }
    }

    /** A fixed sentence per status code: what an operator should look at. */
    private String reason(Status.Code code) {
        return switch (code) {
            case UNAVAILABLE -> "Temporal frontend unreachable (connection refused, DNS or TLS failure)";
            case DEADLINE_EXCEEDED -> "Temporal frontend did not answer within " + deadline.toMillis() + " ms";
            case UNAUTHENTICATED -> "Temporal rejected the credentials (API key or mTLS certificate)";
            case PERMISSION_DENIED -> "Temporal denied access to the namespace";
            default -> "Temporal frontend answered " + code.name();
        };
    }

    private void changed(boolean up, String reason) {
        Boolean before = lastUp;
        lastUp = up;
        if (before == null || before != up) {
            if (up) {
                log.info("Temporal is reachable");
            } else {
                log.warn("Temporal is not ready: {}", reason);
            }
        }
    }
}
