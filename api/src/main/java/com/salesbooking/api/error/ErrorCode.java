package com.salesbooking.api.error;

import org.springframework.http.HttpStatus;

/** The stable problem {@code code}s of the api (docs/design.md, "The API"), each with its one HTTP status. */
public enum ErrorCode {
    IDEMPOTENCY_KEY_MISSING(HttpStatus.BAD_REQUEST, "Idempotency-Key header required"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
    INVALID_DATETIME(HttpStatus.BAD_REQUEST, "Invalid date-time"),
    TENANT_NOT_FOUND(HttpStatus.NOT_FOUND, "Tenant not found"),
    SALESPERSON_NOT_FOUND(HttpStatus.NOT_FOUND, "Salesperson not found"),
    BOOKING_NOT_FOUND(HttpStatus.NOT_FOUND, "Booking not found"),
    CUSTOMER_NOT_FOUND(HttpStatus.NOT_FOUND, "Customer not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    ALREADY_EXISTS(HttpStatus.CONFLICT, "Already exists"),
    SLOT_UNAVAILABLE(HttpStatus.CONFLICT, "Slot unavailable"),
    SLOT_TAKEN(HttpStatus.CONFLICT, "Slot taken"),
    HOLD_EXPIRED(HttpStatus.CONFLICT, "Hold expired"),
    INVALID_STATE(HttpStatus.CONFLICT, "Invalid state"),
    TOKEN_INVALID(HttpStatus.UNAUTHORIZED, "Invalid token"),
    TOKEN_USED(HttpStatus.CONFLICT, "Token already used"),
    CANCEL_DEADLINE_PASSED(HttpStatus.CONFLICT, "Cancellation deadline passed"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused with another request"),
    REQUEST_IN_PROGRESS(HttpStatus.CONFLICT, "Request in progress"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Unauthorized"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    PROVIDER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Provider unavailable"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
