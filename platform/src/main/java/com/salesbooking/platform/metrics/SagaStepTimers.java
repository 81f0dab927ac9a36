package com.salesbooking.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times each step of the confirm saga ({@value BookingMetrics#SAGA_STEP_DURATION}{@code {step, outcome}}) around its
 * activity, on the worker: workflow code may not read clocks, and the activity is where the time goes (a Zoom or
 * Graph call, the transaction, the email). One series per step and outcome, registered on first use.
 */
public class SagaStepTimers extends WorkerInterceptorBase {

    /** The activity types of the confirm saga, in order. */
    public static final Set<String> STEPS = Set.of(
            "CheckConfirmable",
            "CreateZoomMeeting",
            "CreateCalendarEvent",
            "FinalizeConfirmation",
            "SendConfirmationEmail");

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public SagaStepTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private String type;

            @Override
            public void init(ActivityExecutionContext context) {
                type = context.getInfo().getActivityType();
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                if (type == null || !STEPS.contains(type)) {
                    return super.execute(input);
                }
                long started = System.nanoTime();
                String outcome = "failed";
                try {
                    ActivityOutput output = super.execute(input);
                    outcome = "ok";
                    return output;
                } finally {
                    timer(type, outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
            }
        };
    }

    private Timer timer(String step, String outcome) {
        return timers.computeIfAbsent(
                step + "/" + outcome,
                k -> BookingMetrics.timer(
                                BookingMetrics.SAGA_STEP_DURATION,
                                "One step of the confirm saga, measured around its activity")
                        .tag("step", step)
                        .tag("outcome", outcome)
                        .register(registry));
    }
}
