package com.salesbooking.local.ops;

import com.salesbooking.platform.health.TemporalHealthIndicator;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Temporal readiness check on its own: no Spring, real gRPC stubs. */
class TemporalHealthIndicatorTest {

    @Test
    void downWithAReasonWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // a port that was free a moment ago and is closed now: connection refused
            port = probe.getLocalPort();
        }
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port).build());
        try {
            WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
            long started = System.nanoTime();
            Health health = new TemporalHealthIndicator(client).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("code", "UNAVAILABLE").containsKey("reason");
            assertThat(String.valueOf(health.getDetails().get("reason"))).contains("unreachable");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("bounded by the deadline").isLessThan(TemporalHealthIndicator.DEADLINE.plusSeconds(2));
        } finally {
            stubs.shutdownNow();
        }
    }

    @Test
    void downAfterTheDeadlineWhenTheServerNeverAnswers() throws IOException {
        // accepts TCP but never speaks gRPC: only the deadline ends the call
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget("127.0.0.1:" + silent.getLocalPort()).build());
            try {
                WorkflowClient client = WorkflowClient.newInstance(stubs);
                Duration deadline = Duration.ofMillis(500);
                long started = System.nanoTime();
                Health health = new TemporalHealthIndicator(client, deadline).health();
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsKey("reason");
                assertThat(took).as("the deadline bounds the check").isLessThan(deadline.plusSeconds(2));
            } finally {
                stubs.shutdownNow();
            }
        }
    }

    @Test
    void upAgainstATemporalService() {
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        try {
            Health health = new TemporalHealthIndicator(env.getWorkflowClient()).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("namespace");
        } finally {
            env.close();
        }
    }

    @Test
    void theReasonCarriesNoCredential() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String apiKey = "secret-api-key-" + port;
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port).addApiKey(() -> apiKey).build());
        try {
            Health health = new TemporalHealthIndicator(WorkflowClient.newInstance(stubs)).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().toString()).doesNotContain(apiKey);
        } finally {
            stubs.shutdownNow();
        }
    }
}
