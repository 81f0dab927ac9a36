package com.salesbooking.worker.webhook;

import com.salesbooking.worker.BookingWorkers;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflowImpl;
import com.salesbooking.workflows.subscription.SubscriptionActivities;
import com.salesbooking.workflows.webhook.GraphEventWorkflowImpl;
import com.salesbooking.workflows.webhook.WebhookJobActivities;
import io.temporal.worker.Worker;
import org.springframework.stereotype.Component;

/** Hosts the webhook-job and subscription workflows and their activities on the booking task queue. */
@Component
class WebhookWorkflows implements BookingWorkers.ExtraWorkflows {

    private final WebhookJobActivities jobs;
    private final SubscriptionActivities subscriptions;

    WebhookWorkflows(WebhookJobActivities jobs, SubscriptionActivities subscriptions) {
        this.jobs = jobs;
        this.subscriptions = subscriptions;
    }

    @Override
    public void register(Worker worker) {
        worker.registerWorkflowImplementationTypes(GraphEventWorkflowImpl.class, GraphSubscriptionWorkflowImpl.class);
        worker.registerActivitiesImplementations(jobs, subscriptions);
    }
}
