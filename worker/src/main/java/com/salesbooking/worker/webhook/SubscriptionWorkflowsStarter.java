package com.salesbooking.worker.webhook;

import com.salesbooking.activities.platform.BookingProperties;
import com.salesbooking.activities.subscription.GraphSubscriptions;
import com.salesbooking.activities.subscription.GraphSubscriptions.SalespersonRef;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow.SubscriptionWorkflowInput;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Makes sure every active salesperson has a running subscription workflow when a worker starts (local mode too:
 * the sandbox answers). Starting is idempotent (USE_EXISTING), so every replica may do it; failures are logged
 * and the next start tries again. Runs on its own thread so a large tenant list does not delay readiness.
 */
@Component
class SubscriptionWorkflowsStarter implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionWorkflowsStarter.class);

    private final GraphSubscriptions subscriptions;
    private final WorkflowClient client;
    private final BookingProperties properties;

    SubscriptionWorkflowsStarter(GraphSubscriptions subscriptions, WorkflowClient client, BookingProperties properties) {
        this.subscriptions = subscriptions;
        this.client = client;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread starter = new Thread(this::startAll, "subscription-workflows-starter");
        starter.setDaemon(true);
        starter.start();
    }

    /** @return how many salespersons now have a running workflow (started or already running) */
    int startAll() {
        List<SalespersonRef> salespersons;
        try {
            salespersons = subscriptions.activeSalespersons();
        } catch (RuntimeException e) {
            log.warn("could not list salespersons for subscription workflows: {}", e.getClass().getSimpleName());
            return 0;
        }
        int running = 0;
        for (SalespersonRef ref : salespersons) {
            if (start(ref)) {
                running++;
            }
        }
        log.info("subscription workflows running for {} of {} active salespersons", running, salespersons.size());
        return running;
    }

    boolean start(SalespersonRef ref) {
        GraphSubscriptionWorkflow workflow = client.newWorkflowStub(GraphSubscriptionWorkflow.class, WorkflowOptions.newBuilder()
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
            log.warn("could not start the subscription workflow of salesperson {}: {}", ref.salespersonId(),
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
