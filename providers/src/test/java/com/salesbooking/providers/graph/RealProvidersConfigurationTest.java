package com.salesbooking.providers.graph;

import com.salesbooking.providers.RealProvidersConfiguration;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.mail.MailSender;
import com.salesbooking.providers.meeting.MeetingProvider;
import com.salesbooking.providers.subscription.SubscriptionProvider;
import com.salesbooking.providers.zoom.ZoomMeetingProvider;
import com.salesbooking.providers.zoom.ZoomProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RealProvidersConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(RealProvidersConfiguration.class);

    @Test
    void realModeWithoutGraphClientIdFailsStartUpNamingTheSettingAndItsVariable() {
        runner.withPropertyValues(
                        "booking.providers.mode=real", "booking.graph.client-id=", "booking.graph.client-secret=secret")
                .run(
                        context -> assertThat(context)
                                .getFailure()
                                .rootCause()
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessage(
                                        "booking.graph.client-id (GRAPH_CLIENT_ID) must be set when booking.providers.mode=real"));
    }

    @Test
    void realModeWithoutGraphClientSecretFailsStartUpNamingTheSettingAndItsVariable() {
        runner.withPropertyValues("booking.providers.mode=real", "booking.graph.client-id=app")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("booking.graph.client-secret (GRAPH_CLIENT_SECRET) must be set when "
                                + "booking.providers.mode=real"));
    }

    @Test
    void withoutAModeTheRealProvidersAreCreatedFromTheBoundSettings() {
        runner.withPropertyValues(
                        "booking.graph.client-id=app",
                        "booking.graph.client-secret=secret",
                        "booking.graph.base-url=https://graph.microsoft.us/v1.0/",
                        "booking.graph.read-timeout=12s",
                        "booking.zoom.account-id=acct",
                        "booking.zoom.tenant-credentials={\"acme\":{\"account_id\":\"a\",\"client_id\":\"c\",\"client_secret\":\"s\"}}")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(MeetingProvider.class).isInstanceOf(ZoomMeetingProvider.class);
                    assertThat(context).getBean(CalendarProvider.class).isInstanceOf(GraphCalendarProvider.class);
                    assertThat(context).getBean(MailSender.class).isInstanceOf(GraphMailSender.class);
                    assertThat(context)
                            .getBean(SubscriptionProvider.class)
                            .isInstanceOf(GraphSubscriptionProvider.class);
                    assertThat(context).hasSingleBean(MailboxLimiter.class);
                    GraphProperties graph = context.getBean(GraphProperties.class);
                    assertThat(graph.baseUrl()).isEqualTo("https://graph.microsoft.us/v1.0");
                    assertThat(graph.readTimeout()).isEqualTo(Duration.ofSeconds(12));
                    assertThat(graph.callTimeout()).isEqualTo(GraphProperties.DEFAULT_CALL_TIMEOUT);
                    assertThat(graph.maxConcurrentPerMailbox()).isEqualTo(4);
                    ZoomProperties zoom = context.getBean(ZoomProperties.class);
                    assertThat(zoom.accountId()).isEqualTo("acct");
                    assertThat(zoom.baseUrl()).isEqualTo("https://api.zoom.us/v2");
                });
    }

    @Test
    void sandboxModeCreatesNoRealProvider() {
        runner.withPropertyValues("booking.providers.mode=sandbox").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(MeetingProvider.class);
            assertThat(context).doesNotHaveBean(CalendarProvider.class);
            assertThat(context).doesNotHaveBean(MailSender.class);
            assertThat(context).doesNotHaveBean(SubscriptionProvider.class);
        });
    }
}
