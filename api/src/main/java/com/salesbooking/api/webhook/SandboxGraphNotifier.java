package com.salesbooking.api.webhook;

import com.salesbooking.platform.BookingProperties;
import com.salesbooking.providers.sandbox.SandboxCalendarProvider;
import com.salesbooking.providers.sandbox.SandboxCalendarProvider.SalespersonEdit;
import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.subscription.GraphSubscriptions.StoredSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Local mode's Microsoft Graph: when the salesperson "edits Outlook" through {@code /dev/sandbox/graph/events/...},
 * posts a change notification shaped like Graph's (with the salesperson's active subscription id and its
 * clientState) to this app's own webhook, asynchronously, as Graph would. So the whole path (webhook, job, workflow,
 * policy) runs locally without Microsoft. Only in sandbox mode.
 *
 * <p>It calls the embedded server on loopback once the port is known (the notifier lives in the same process,
 * and the configured public URL may be a tunnel or, in tests, a name that does not resolve); before that, or
 * without a web server, {@code booking.webhook-base-url}.
 */
@Component
@ConditionalOnProperty(name = "booking.providers.mode", havingValue = "sandbox")
class SandboxGraphNotifier implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(SandboxGraphNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GraphSubscriptions subscriptions;
    private final BookingProperties properties;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sandbox-graph-notifier");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            // loopback: a second is plenty; an unreachable URL must not hold the notifier thread
            .connectTimeout(Duration.ofSeconds(2))
            .executor(executor)
            .build();
    private volatile String webhookUrl;

    SandboxGraphNotifier(
            SandboxCalendarProvider calendar,
            GraphSubscriptions subscriptions,
            BookingProperties properties,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.clock = clock;
        this.webhookUrl = properties.webhookBaseUrl().replaceAll("/+$", "") + "/v1/webhooks/graph";
        calendar.onSalespersonEdit(edit -> CompletableFuture.runAsync(() -> notifyEdit(edit), executor));
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getWebServer().getPort() > 0) {
            webhookUrl = "http://127.0.0.1:" + event.getWebServer().getPort() + "/v1/webhooks/graph";
        }
    }

    private void notifyEdit(SalespersonEdit edit) {
        Optional<StoredSubscription> found = subscriptions.activeForGraphUser(edit.organizerUserId());
        if (found.isEmpty()) {
            log.warn(
                    "sandbox edit of event {}: the salesperson has no active subscription; no notification sent",
                    edit.eventId());
            return;
        }
        StoredSubscription s = found.get();
        String resource = "Users/" + edit.organizerUserId() + "/Events/" + edit.eventId();
        Map<String, Object> notification = Map.of(
                "subscriptionId", s.id(),
                "subscriptionExpirationDateTime", s.expiresAt().toString(),
                "clientState", s.clientState(),
                "changeType", edit.changeType(),
                "resource", resource,
                "resourceData",
                        Map.of(
                                "@odata.type",
                                "#Microsoft.Graph.Event",
                                "@odata.id",
                                resource,
                                "@odata.etag",
                                "W/\"sandbox-" + clock.millis() + "\"",
                                "id",
                                edit.eventId()),
                "tenantId", s.m365TenantId() == null ? "" : s.m365TenantId());
        String body = JSON.writeValueAsString(Map.of("value", List.of(notification)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                log.warn(
                        "sandbox notification for event {} not delivered: {}",
                        edit.eventId(),
                        error.getClass().getSimpleName());
            } else if (response.statusCode() != 202) {
                log.warn("sandbox notification for event {} answered {}", edit.eventId(), response.statusCode());
            }
        });
    }
}
