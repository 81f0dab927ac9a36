package com.salesbooking.worker;

import com.salesbooking.workflows.booking.BookingStoreActivities;
import com.salesbooking.workflows.booking.BookingWorkflowImpl;
import com.salesbooking.workflows.booking.MeetingActivities;
import com.salesbooking.workflows.booking.NotificationActivities;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflowImpl;
import com.salesbooking.workflows.subscription.SubscriptionActivities;
import com.salesbooking.workflows.sweeper.SweeperActivities;
import com.salesbooking.workflows.sweeper.SweeperWorkflowImpl;
import com.salesbooking.workflows.webhook.GraphEventWorkflowImpl;
import com.salesbooking.workflows.webhook.WebhookJobActivities;
import io.temporal.worker.Worker;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Everything the worker hosts on the booking task queue, in one list: every workflow implementation and every
 * activity implementation. A new workflow or activity interface is added here and nowhere else.
 */
@Component
public class HostedWorkflows {

    /** Every workflow implementation the worker runs. */
    public static final List<Class<?>> WORKFLOWS = List.of(
            BookingWorkflowImpl.class,
            SweeperWorkflowImpl.class,
            GraphEventWorkflowImpl.class,
            GraphSubscriptionWorkflowImpl.class);

    private final List<Object> activities;

    public HostedWorkflows(
            BookingStoreActivities store,
            MeetingActivities meetings,
            NotificationActivities notifications,
            SweeperActivities sweeper,
            WebhookJobActivities webhookJobs,
            SubscriptionActivities subscriptions) {
        this.activities = List.of(store, meetings, notifications, sweeper, webhookJobs, subscriptions);
    }

    /** Registers every workflow and activity implementation on the worker. */
    public void registerOn(Worker worker) {
        worker.registerWorkflowImplementationTypes(WORKFLOWS.toArray(Class<?>[]::new));
        worker.registerActivitiesImplementations(activities.toArray());
    }
}
