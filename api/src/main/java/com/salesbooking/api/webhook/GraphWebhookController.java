package com.salesbooking.api.webhook;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Microsoft Graph's change and lifecycle notifications (docs/webhooks.md). With {@code validationToken} the
 * token is echoed as text/plain at once (Graph's handshake when a subscription is created; Spring has URL-decoded
 * it). Otherwise the batch is checked, stored as jobs and acknowledged with 202; processing happens in workflows.
 */
@RestController
class GraphWebhookController {

    private final WebhookIntake intake;

    GraphWebhookController(WebhookIntake intake) {
        this.intake = intake;
    }

    @PostMapping("/v1/webhooks/graph")
    ResponseEntity<String> changes(
            @RequestParam(required = false) String validationToken, @RequestBody(required = false) byte[] body) {
        if (validationToken != null) {
            return echo(validationToken);
        }
        intake.acceptChanges(GraphNotification.parse(body));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/v1/webhooks/graph/lifecycle")
    ResponseEntity<String> lifecycle(
            @RequestParam(required = false) String validationToken, @RequestBody(required = false) byte[] body) {
        if (validationToken != null) {
            return echo(validationToken);
        }
        intake.acceptLifecycle(GraphNotification.parse(body));
        return ResponseEntity.accepted().build();
    }

    private static ResponseEntity<String> echo(String token) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                // the echo is attacker-chosen text: make sure no browser renders it as anything but text
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(token);
    }
}
