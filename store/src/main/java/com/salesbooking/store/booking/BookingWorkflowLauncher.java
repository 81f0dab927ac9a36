package com.salesbooking.store.booking;

import com.salesbooking.platform.BookingProperties;
import com.salesbooking.workflows.booking.BookingVisibility;
import com.salesbooking.workflows.booking.BookingWorkflow;
import com.salesbooking.workflows.booking.BookingWorkflowInput;
import com.salesbooking.workflows.booking.MeetingProviderKind;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import org.springframework.stereotype.Component;

/**
 * Starts a booking's workflow ({@code booking-{id}}), for the api right after it commits a hold and for the sweeper
 * when that start never happened: one place for the workflow's id, task queue, reuse policy, input, and the search
 * attributes and memo ops find it by (the workflow itself writes only what changes after the start).
 */
@Component
public class BookingWorkflowLauncher {

    /**
     * The workflow type as the worker registers it, read from the interface once: a typed stub would build a proxy
     * and reflect over the interface on every start, a measurable share of a hold's api CPU.
     */
    static final String WORKFLOW_TYPE = POJOWorkflowInterfaceMetadata.newInstance(BookingWorkflow.class)
            .getWorkflowMethod()
            .orElseThrow()
            .getName();

    private final WorkflowClient client;
    private final BookingProperties properties;

    public BookingWorkflowLauncher(WorkflowClient client, BookingProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /**
     * Starts the workflow of this stored booking (a hold).
     *
     * @return false when a workflow with its id runs or ran already: that one owns the booking (REJECT_DUPLICATE)
     * @throws RuntimeException when Temporal cannot be reached or refuses the start
     */
    public boolean start(BookingRecord booking, MeetingProviderKind meetingProvider) {
        BookingVisibility visibility = new BookingVisibility(
                booking.tenantId(),
                booking.salespersonId(),
                booking.status(),
                booking.startUtc(),
                booking.endUtc(),
                false);
        WorkflowStub workflow = client.newUntypedWorkflowStub(
                WORKFLOW_TYPE,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(BookingWorkflowInput.workflowId(booking.id()))
                        .setTaskQueue(properties.temporal().taskQueue())
                        // a workflow that ran before owns the booking: a second start must never replace it
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                        .setTypedSearchAttributes(visibility.searchAttributes())
                        .setMemo(visibility.memo())
                        .build());
        try {
            workflow.start(new BookingWorkflowInput(
                    booking.id(),
                    booking.tenantId(),
                    booking.salespersonId(),
                    booking.startUtc(),
                    booking.endUtc(),
                    booking.holdExpiresAt(),
                    meetingProvider,
                    properties.attendanceWindow()));
            return true;
        } catch (WorkflowExecutionAlreadyStarted e) {
            return false;
        }
    }
}
