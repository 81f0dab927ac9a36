package com.salesbooking.providers;

import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.graph.GraphCalendarProvider;
import com.salesbooking.providers.graph.GraphClientFactory;
import com.salesbooking.providers.graph.GraphMailSender;
import com.salesbooking.providers.graph.GraphProperties;
import com.salesbooking.providers.graph.GraphSubscriptionProvider;
import com.salesbooking.providers.graph.MailboxLimiter;
import com.salesbooking.providers.mail.MailSender;
import com.salesbooking.providers.meeting.MeetingProvider;
import com.salesbooking.providers.subscription.SubscriptionProvider;
import com.salesbooking.providers.zoom.ZoomMeetingProvider;
import com.salesbooking.providers.zoom.ZoomProperties;
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
    CalendarProvider graphCalendarProvider(
            GraphClientFactory clients, MailboxLimiter limiter, ObjectProvider<Clock> clock) {
        return new GraphCalendarProvider(clients, limiter, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    MailSender graphMailSender(GraphClientFactory clients, MailboxLimiter limiter, ObjectProvider<Clock> clock) {
        return new GraphMailSender(clients, limiter, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    SubscriptionProvider graphSubscriptionProvider(
            GraphClientFactory clients, MailboxLimiter limiter, ObjectProvider<Clock> clock) {
        return new GraphSubscriptionProvider(clients, limiter, clock.getIfAvailable(Clock::systemUTC));
    }
}
