package com.salesbooking.api.dev;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.providers.sandbox.SandboxCalendarProvider;
import com.salesbooking.providers.sandbox.SandboxFaults;
import com.salesbooking.providers.sandbox.SandboxMailbox;
import com.salesbooking.providers.sandbox.SandboxMeetingProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Local mode's window into the sandbox providers (docs/design.md, "The API"). Only registered with
 * booking.providers.mode=sandbox: production builds have none of these routes.
 */
@RestController
@ConditionalOnProperty(name = "booking.providers.mode", havingValue = "sandbox")
class SandboxController {

    private final SandboxMailbox mailbox;
    private final SandboxMeetingProvider zoom;
    private final SandboxCalendarProvider graph;
    private final SandboxFaults faults;

    SandboxController(
            SandboxMailbox mailbox, SandboxMeetingProvider zoom, SandboxCalendarProvider graph, SandboxFaults faults) {
        this.mailbox = mailbox;
        this.zoom = zoom;
        this.graph = graph;
        this.faults = faults;
    }

    @GetMapping("/dev/outbox")
    List<SandboxMailbox.SentMail> outbox(@RequestParam(required = false) String to) {
        return mailbox.outbox(to);
    }

    @GetMapping("/dev/sandbox/zoom/meetings")
    Collection<SandboxMeetingProvider.SandboxMeeting> meetings() {
        return zoom.meetings();
    }

    @GetMapping("/dev/sandbox/graph/events")
    Collection<SandboxCalendarProvider.SandboxEvent> events() {
        return graph.events();
    }

    /** {@code latency_ms} only for mode {@code delay}; {@code count} for the other modes (default 1). */
    record FaultRequest(String provider, String operation, String mode, Integer count, Long latencyMs) {}

    /** What is armed: faults with the calls they still hit, delays with their latency. */
    @GetMapping("/dev/sandbox/faults")
    List<SandboxFaults.ActiveFault> activeFaults() {
        return faults.active();
    }

    /** Clears every fault and delay. */
    @DeleteMapping("/dev/sandbox/faults")
    List<SandboxFaults.ActiveFault> clearFaults() {
        faults.clear();
        return faults.active();
    }

    @PostMapping("/dev/sandbox/faults")
    Map<String, Object> fault(@RequestBody(required = false) FaultRequest body) {
        if (body == null) {
            throw ApiException.invalid("provider", "{provider, operation, mode, count} required");
        }
        String provider = Inputs.required(body.provider(), "provider");
        if (!List.of("zoom", "graph", "mail").contains(provider)) {
            throw ApiException.invalid("provider", "provider must be zoom, graph or mail");
        }
        String operation = Inputs.required(body.operation(), "operation");
        if (!SandboxFaults.OPERATIONS.contains(provider + "/" + operation)) {
            throw ApiException.invalid(
                    "operation",
                    "operation must be one of "
                            + SandboxFaults.OPERATIONS.stream().sorted().toList());
        }
        String modeName = Inputs.required(body.mode(), "mode").toLowerCase(Locale.ROOT);
        if (modeName.equals("delay")) {
            // a slow provider: every call of the operation takes this much longer until cleared (0 clears it);
            // beyond an activity's start-to-close time-out (30 s) it shows how attempts are bounded
            long latency = body.latencyMs() == null ? -1 : body.latencyMs();
            if (latency < 0 || latency > 600_000) {
                throw ApiException.invalid("latency_ms", "latency_ms must be 0-600000 for mode delay");
            }
            faults.delay(provider, operation, Duration.ofMillis(latency));
            return Map.of("provider", provider, "operation", operation, "mode", "delay", "latency_ms", latency);
        }
        SandboxFaults.Mode mode;
        try {
            mode = SandboxFaults.Mode.valueOf(modeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("mode", "mode must be fail, transient, lost_answer or delay");
        }
        int count = body.count() == null ? 1 : body.count();
        if (count < 0 || count > 1000) {
            throw ApiException.invalid("count", "count must be 0-1000");
        }
        try {
            faults.inject(provider, operation, mode, count);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("mode", e.getMessage());
        }
        return Map.of(
                "provider",
                provider,
                "operation",
                operation,
                "mode",
                mode.name().toLowerCase(Locale.ROOT),
                "count",
                count);
    }

    record MoveRequest(String startAt, String endAt) {}

    @PostMapping("/dev/sandbox/graph/events/{eventId}/move")
    SandboxCalendarProvider.SandboxEvent move(
            @PathVariable String eventId, @RequestBody(required = false) MoveRequest body) {
        if (body == null) {
            throw ApiException.invalid("start_at", "{start_at, end_at} required");
        }
        Instant start = Inputs.instant(body.startAt(), "start_at");
        Instant end = Inputs.instant(body.endAt(), "end_at");
        if (!end.isAfter(start)) {
            throw ApiException.invalid("end_at", "end_at must be after start_at");
        }
        return graph.moveBySalesperson(eventId, start, end)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such event"));
    }

    @DeleteMapping("/dev/sandbox/graph/events/{eventId}")
    ResponseEntity<Void> delete(@PathVariable String eventId) {
        if (!graph.deleteBySalesperson(eventId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no such event");
        }
        return ResponseEntity.noContent().build();
    }
}
