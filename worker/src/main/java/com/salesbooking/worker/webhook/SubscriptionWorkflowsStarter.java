package com.salesbooking.worker.webhook;

import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.subscription.GraphSubscriptions.SalespersonRef;
import com.salesbooking.store.subscription.SubscriptionWorkflowLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Makes sure every active salesperson has a running subscription workflow when a worker starts (local mode too:
 * the sandbox answers); afterwards the sweeper starts the workflows of salespersons added later. Runs on its own
 * thread so a large tenant list does not delay readiness.
 */
@Component
class SubscriptionWorkflowsStarter implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionWorkflowsStarter.class);

    private final GraphSubscriptions subscriptions;
    private final SubscriptionWorkflowLauncher launcher;

    SubscriptionWorkflowsStarter(GraphSubscriptions subscriptions, SubscriptionWorkflowLauncher launcher) {
        this.subscriptions = subscriptions;
        this.launcher = launcher;
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
            log.warn(
                    "could not list salespersons for subscription workflows: {}",
                    e.getClass().getSimpleName());
            return 0;
        }
        int running = launcher.startAll(salespersons);
        log.info("subscription workflows running for {} of {} active salespersons", running, salespersons.size());
        return running;
    }
}
