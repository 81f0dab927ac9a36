package com.salesbooking.api.webhook;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline for {@code WebhookBenchmark}: an endpoint in the same server that reads the body and answers 202 with
 * no work, so the benchmark can show what the webhook itself costs. Sandbox mode only.
 */
@RestController
@ConditionalOnProperty(name = "booking.providers.mode", havingValue = "sandbox")
class BenchAckController {

    @PostMapping("/dev/bench/ack")
    ResponseEntity<Void> ack(@RequestBody(required = false) byte[] body) {
        return ResponseEntity.accepted().build();
    }
}
