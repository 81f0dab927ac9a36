package com.salesbooking.api.webhook;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The body Graph posts, as the OpenAPI document describes it. The controller reads the raw bytes and
 * {@link GraphNotification#parse} picks the fields it uses (Graph's camelCase, whatever the api's JSON naming), so
 * each notification is left open: Graph adds fields without asking us.
 */
@Schema(
        name = "GraphNotifications",
        description = "Microsoft Graph's notification collection (at most 100 per request)")
public record GraphNotificationBatch(
        @ArraySchema(
                arraySchema = @Schema(requiredMode = REQUIRED),
                schema =
                        @Schema(
                                type = "object",
                                additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                                description = "One change or lifecycle notification, as Graph sends it"))
        List<Object> value) {}
