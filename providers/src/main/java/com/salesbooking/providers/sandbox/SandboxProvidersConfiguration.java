package com.salesbooking.providers.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Local mode's in-memory Zoom, Outlook, mailbox and subscriptions (booking.providers.mode=sandbox). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "booking.providers.mode", havingValue = "sandbox")
public class SandboxProvidersConfiguration {

    @Bean
    SandboxFaults sandboxFaults() {
        return new SandboxFaults();
    }

    @Bean
    SandboxMeetingProvider sandboxMeetingProvider(SandboxFaults faults) {
        return new SandboxMeetingProvider(faults);
    }

    @Bean
    SandboxCalendarProvider sandboxCalendarProvider(SandboxFaults faults) {
        return new SandboxCalendarProvider(faults);
    }

    @Bean
    SandboxMailbox sandboxMailbox(SandboxFaults faults, Clock clock) {
        return new SandboxMailbox(faults, clock);
    }

    @Bean
    SandboxSubscriptionProvider sandboxSubscriptionProvider(SandboxFaults faults) {
        return new SandboxSubscriptionProvider(faults);
    }
}
