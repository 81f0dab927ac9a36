package com.salesbooking.store.subscription;

import com.salesbooking.platform.BookingProperties;
import com.salesbooking.store.subscription.GraphSubscriptions.SalespersonRef;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow.SubscriptionWorkflowInput;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Starts salespersons' subscription workflows ({@code graph-subscription-{id}}). Idempotent: a running workflow is
 * kept (USE_EXISTING), so workers at start-up and the sweeper every round may both call it. Failures are logged
 * and left to the next call.
 */
@Component
public class SubscriptionWorkflowLauncher {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionWorkflowLauncher.class);

    private final WorkflowClient client;
    private final BookingProperties properties;

    public SubscriptionWorkflowLauncher(WorkflowClient client, BookingProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** @return how many of them now have a running workflow (started or already running) */
    public int startAll(List<SalespersonRef> salespersons) {
        int running = 0;
        for (SalespersonRef ref : salespersons) {
            if (start(ref)) {
                running++;
            }
        }
        return running;
    }

    /**
     * Tells the salesperson's workflow that they were deactivated: it deletes their subscription and ends. A
     * workflow that is not running (never started, or ended) has nothing to delete.
     *
     * @return false when no workflow was running
     */
    public boolean deactivated(java.util.UUID salespersonId) {
        try {
            client.newWorkflowStub(GraphSubscriptionWorkflow.class, GraphSubscriptionWorkflow.workflowId(salespersonId))
                    .salespersonDeactivated();
            return true;
        } catch (io.temporal.client.WorkflowNotFoundException e) {
            return false;
        }
    }

    /**
     * Starts the workflow of a salesperson who was re-activated. A workflow still finishing their deactivation
     * (stopped, about to end) would be kept by {@link #start}; it is waited for first, briefly, so a new run starts.
     * A deactivation signal the workflow has not handled yet is not detectable here: the sweeper's next round
     * starts the workflow of every active salesperson without a live subscription.
     *
     * @return true when the salesperson's workflow runs now
     */
    public boolean restart(SalespersonRef ref) {
        try {
            io.temporal.client.WorkflowStub previous =
                    client.newUntypedWorkflowStub(GraphSubscriptionWorkflow.workflowId(ref.salespersonId()));
            GraphSubscriptionWorkflow.SubscriptionState state =
                    previous.query("state", GraphSubscriptionWorkflow.SubscriptionState.class);
            if (state != null && state.stopped()) {
                // the stopped workflow only waits for its handlers to finish: seconds at most
                previous.getResult(10, java.util.concurrent.TimeUnit.SECONDS, Void.class);
            }
        } catch (io.temporal.client.WorkflowNotFoundException e) {
            // never started: nothing to wait for
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            log.warn(
                    "the previous subscription workflow of salesperson {} could not be checked: {}",
                    ref.salespersonId(),
                    e.getClass().getSimpleName());
        }
        return start(ref);
    }

    /** @return true when the salesperson's workflow runs now */
    public boolean start(SalespersonRef ref) {
        GraphSubscriptionWorkflow workflow = client.newWorkflowStub(
                GraphSubscriptionWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(GraphSubscriptionWorkflow.workflowId(ref.salespersonId()))
                        .setTaskQueue(properties.temporal().taskQueue())
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .build());
        try {
            WorkflowClient.start(workflow::run, SubscriptionWorkflowInput.start(ref.tenantId(), ref.salespersonId()));
            return true;
        } catch (WorkflowExecutionAlreadyStarted e) {
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "could not start the subscription workflow of salesperson {}: {}",
                    ref.salespersonId(),
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
