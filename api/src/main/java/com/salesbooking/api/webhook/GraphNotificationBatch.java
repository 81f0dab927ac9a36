package com.salesbooking.api.webhook;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The body Graph posts, as the OpenAPI document describes it. The controller reads the raw bytes and
 * {@link GraphNotification#parse} picks the fields it uses (Graph's camelCase, whatever the api's JSON naming).
 */
@Schema(name = "GraphNotifications", description = "Microsoft Graph's notification collection (at most 100 per request)")
public record GraphNotificationBatch(
        @Schema(requiredMode = REQUIRED, description = "Change or lifecycle notifications, as Graph sends them")
        List<Map<String, Object>> value) {
}
