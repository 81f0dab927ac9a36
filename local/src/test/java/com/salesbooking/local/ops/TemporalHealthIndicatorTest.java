package com.salesbooking.local.ops;

import com.salesbooking.platform.health.TemporalHealthIndicator;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
                .setTarget("127.0.0.1:" + port)
                .build());
        try {
            WorkflowClient client = WorkflowClient.newInstance(
                    stubs,
                    WorkflowClientOptions.newBuilder().setNamespace("default").build());
            Health health = new TemporalHealthIndicator(client).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            // refused at once on a quiet machine; on a busy one the check's deadline can pass before the connection
            // attempt is answered: either way DOWN with the reason (no timing is asserted: CI shares 2 busy cores)
            assertThat(health.getDetails().get("code")).isIn("UNAVAILABLE", "DEADLINE_EXCEEDED");
            assertThat(String.valueOf(health.getDetails().get("reason")))
                    .containsAnyOf("unreachable", "did not answer");
        } finally {
            stubs.shutdownNow();
        }
    }

    @Test
    // a hang guard only, far above the 500 ms deadline: without a deadline the call would never return
    @Timeout(60)
    void downAfterTheDeadlineWhenTheServerNeverAnswers() throws IOException {
        // accepts TCP but never speaks gRPC: only the deadline ends the call
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget("127.0.0.1:" + silent.getLocalPort())
                    .build());
            try {
                WorkflowClient client = WorkflowClient.newInstance(stubs);
                Duration deadline = Duration.ofMillis(500);
                Health health = new TemporalHealthIndicator(client, deadline).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails())
                        .as("the deadline ended the check")
                        .containsEntry("code", "DEADLINE_EXCEEDED")
                        .containsKey("reason");
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
                .setTarget("127.0.0.1:" + port)
                .addApiKey(() -> apiKey)
                .build());
        try {
            Health health = new TemporalHealthIndicator(WorkflowClient.newInstance(stubs)).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().toString()).doesNotContain(apiKey);
        } finally {
            stubs.shutdownNow();
        }
    }
}
