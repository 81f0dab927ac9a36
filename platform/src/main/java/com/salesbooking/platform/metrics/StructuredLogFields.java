package com.salesbooking.platform.metrics;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Completes the JSON log lines of production ({@code logging.structured.json.customizer} in booking-defaults.yml):
 * <ul>
 * <li>{@code bookingId} on activity log lines. The Temporal SDK already puts {@code WorkflowId} into the MDC while
 * an activity runs, and a booking's workflow id is {@code booking-{bookingId}}, so the id is derived when the line
 * is written: no interceptor on the worker, no code in the activities, no extra query. Lines that already carry
 * {@code bookingId} (api requests, see the api's request filter) keep theirs.</li>
 * <li>A last line of defence against personal data: email addresses and JWTs (magic-link tokens start with
 * {@code eyJ}) in any string value (message, exception text, MDC) are replaced. The code logs ids only; this
 * covers what a library puts into an exception message.</li>
 * </ul>
 * Local mode writes human-readable lines and does not use this class.
 */
public class StructuredLogFields implements StructuredLoggingJsonMembersCustomizer<ILoggingEvent> {

    /** The MDC key the Temporal SDK sets during activity execution (io.temporal.internal.logging.LoggerTag). */
    static final String WORKFLOW_ID = "WorkflowId";

    static final String BOOKING_ID = "bookingId";
    private static final String BOOKING_WORKFLOW_PREFIX = "booking-";

    /** Loose on purpose: anything that looks like an address goes, a false positive only costs a log word. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    /** A JWT: base64url header that starts with {"  (eyJ), then payload and signature. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*){1,2}");

    @Override
    public void customize(JsonWriter.Members<ILoggingEvent> members) {
        members.add(BOOKING_ID, StructuredLogFields::bookingIdFromWorkflow).whenNotNull();
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, StructuredLogFields::redact));
    }

    static String bookingIdFromWorkflow(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.containsKey(BOOKING_ID)) {
            return null;
        }
        String workflowId = mdc.get(WORKFLOW_ID);
        if (workflowId == null || !workflowId.startsWith(BOOKING_WORKFLOW_PREFIX)) {
            return null;
        }
        return workflowId.substring(BOOKING_WORKFLOW_PREFIX.length());
    }

    /** Replaces email addresses and JWTs; cheap when there is nothing to replace (no '@', no "eyJ"). */
    public static String redact(String value) {
        if (value == null) {
            return null;
        }
        String result = value;
        if (result.indexOf('@') >= 0) {
            result = EMAIL.matcher(result).replaceAll("[email]");
        }
        if (result.contains("eyJ")) {
            result = JWT.matcher(result).replaceAll("[token]");
        }
        return result;
    }
}
