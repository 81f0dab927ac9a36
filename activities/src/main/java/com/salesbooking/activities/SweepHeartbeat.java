package com.salesbooking.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * A heartbeat between the units of work of a sweeper step (one hold, one job, one provider call). The answer tells
 * the attempt that Temporal timed it out or cancelled it: the heartbeat then throws
 * {@link io.temporal.client.ActivityCompletionException}, which every step lets through, so a sweep that overran its
 * time-out stops instead of working beside the next round's sweep (two sweeps sending the same owed email).
 * Outside an activity (a test calling a step directly) there is nobody to tell, and nothing happens.
 */
public final class SweepHeartbeat {

    private SweepHeartbeat() {}

    public static void beat() {
        ActivityExecutionContext context;
        try {
            context = Activity.getExecutionContext();
        } catch (IllegalStateException notInAnActivity) {
            return;
        }
        context.heartbeat(null);
    }
}
