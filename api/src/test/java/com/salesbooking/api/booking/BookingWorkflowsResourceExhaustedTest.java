package com.salesbooking.api.booking;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Temporal server refuses an update with RESOURCE_EXHAUSTED when a workflow has too many in flight; the api
 * recognises it wherever the client wraps it, and answers 429 with Retry-After instead of 503.
 */
class BookingWorkflowsResourceExhaustedTest {

    @Test
    void resourceExhaustedIsRecognisedInsideTheClientsWrapping() {
        StatusRuntimeException exhausted = Status.RESOURCE_EXHAUSTED
                .withDescription("too many outstanding updates")
                .asRuntimeException();
        assertThat(BookingWorkflows.resourceExhausted(new WorkflowServiceException(
                        WorkflowExecution.newBuilder()
                                .setWorkflowId("booking-x")
                                .build(),
                        "BookingWorkflow",
                        exhausted)))
                .isTrue();
        assertThat(BookingWorkflows.resourceExhausted(Status.UNAVAILABLE.asRuntimeException()))
                .isFalse();
    }
}
