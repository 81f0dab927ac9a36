package com.salesbooking.workflows.subscription;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Keeps one salesperson's Graph subscription alive (id {@code graph-subscription-{salespersonId}}): creates it,
 * renews it at about half of the expiry Graph granted, recreates it after a 404 or a {@code subscriptionRemoved},
 * resyncs after {@code missed}, and deletes it when the salesperson is deactivated. Continues as new after every
 * cycle, so its history stays a few dozen events long. Carries ids and times only.
 */
@WorkflowInterface
public interface GraphSubscriptionWorkflow {

    @WorkflowMethod
    void run(SubscriptionWorkflowInput input);

    /** A lifecycle notification for one of this salesperson's subscriptions (already checked by the api). */
    @SignalMethod
    void lifecycle(LifecycleSignal signal);

    /** The salesperson was deactivated: delete the subscription and stop. */
    @SignalMethod
    void salespersonDeactivated();

    @QueryMethod
    SubscriptionState state();

    static String workflowId(UUID salespersonId) {
        return "graph-subscription-" + salespersonId;
    }

    /**
     * @param subscriptionId the current subscription, null before the first create
     * @param expiresAt      its granted expiry, null before the first create
     * @param pending        lifecycle signals received but not handled yet (carried over continue-as-new)
     * @param deactivated    a deactivation signal arrived
     */
    record SubscriptionWorkflowInput(
            UUID tenantId,
            UUID salespersonId,
            String subscriptionId,
            Instant expiresAt,
            List<LifecycleSignal> pending,
            boolean deactivated) {

        public static SubscriptionWorkflowInput start(UUID tenantId, UUID salespersonId) {
            return new SubscriptionWorkflowInput(tenantId, salespersonId, null, null, List.of(), false);
        }
    }

    /** @param subscriptionId the subscription the notification was about */
    record LifecycleSignal(String subscriptionId, LifecycleEvent event) {}

    /** What the workflow believes now (for the Temporal UI and tests). */
    record SubscriptionState(String subscriptionId, Instant expiresAt, Instant nextRenewalAt, boolean stopped) {}
}
