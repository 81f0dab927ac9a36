package com.salesbooking.activities.provider;

import com.salesbooking.activities.provider.calendar.CalendarProvider;
import com.salesbooking.activities.provider.graph.GraphCalendarProvider;
import com.salesbooking.activities.provider.graph.GraphClientFactory;
import com.salesbooking.activities.provider.graph.GraphMailSender;
import com.salesbooking.activities.provider.graph.GraphProperties;
import com.salesbooking.activities.provider.graph.GraphSubscriptionProvider;
import com.salesbooking.activities.provider.graph.MailboxLimiter;
import com.salesbooking.activities.provider.mail.MailSender;
import com.salesbooking.activities.provider.meeting.MeetingProvider;
import com.salesbooking.activities.provider.subscription.SubscriptionProvider;
import com.salesbooking.activities.provider.zoom.ZoomMeetingProvider;
import com.salesbooking.activities.provider.zoom.ZoomProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The real providers, Zoom and Microsoft Graph, unless {@code booking.providers.mode} says otherwise (local
 * mode's sandbox). Start-up fails when the Graph app's credentials are missing: without them no booking can
 * be confirmed, and finding out at the first confirm would be too late. Zoom credentials are checked per
 * tenant at use, since Teams tenants need none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "booking.providers.mode", havingValue = "real", matchIfMissing = true)
@EnableConfigurationProperties({ZoomProperties.class, GraphProperties.class})
public class RealProvidersConfiguration {

    @Bean
    MeetingProvider zoomMeetingProvider(ZoomProperties properties, ObjectProvider<Clock> clock) {
        return new ZoomMeetingProvider(properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    GraphClientFactory graphClientFactory(GraphProperties properties) {
        return GraphClientFactory.withClientSecret(properties);
    }

    /** One limiter for calendar, mail and subscription calls: Graph counts them against the same mailbox. */
    @Bean
    MailboxLimiter graphMailboxLimiter(GraphProperties properties) {
        return new MailboxLimiter(properties);
    }

    @Bean
    CalendarProvider graphCalendarProvider(GraphClientFactory clients, MailboxLimiter limiter,
                                           ObjectProvider<Clock> clock) {
        return new GraphCalendarProvider(clients, limiter, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    MailSender graphMailSender(GraphClientFactory clients, MailboxLimiter limiter, ObjectProvider<Clock> clock) {
        return new GraphMailSender(clients, limiter, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    SubscriptionProvider graphSubscriptionProvider(GraphClientFactory clients, MailboxLimiter limiter,
                                                   ObjectProvider<Clock> clock) {
        return new GraphSubscriptionProvider(clients, limiter, clock.getIfAvailable(Clock::systemUTC));
    }
}
