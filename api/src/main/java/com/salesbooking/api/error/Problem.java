package com.salesbooking.api.error;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The shape of every error body, as {@link ProblemHandler} writes it (Spring's {@code ProblemDetail} with the
 * {@code code} and {@code field} properties). It is the source of the document's {@code Problem} schema; the system
 * tests check every problem answer they provoke against that schema, which admits no other property.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details with a stable code")
public record Problem(
        @Schema(requiredMode = REQUIRED, format = "uri") String type,
        @Schema(requiredMode = REQUIRED) String title,
        @Schema(requiredMode = REQUIRED) int status,
        @Schema(requiredMode = REQUIRED) String detail,

        @Schema(format = "uri-reference", description = "The request path")
        String instance,

        @Schema(requiredMode = REQUIRED, description = "Stable problem code (ErrorCode)")
        String code,

        @Schema(description = "The request field or parameter at fault")
        String field) {}
