package com.salesbooking.api.error;

import java.time.Duration;

/**
 * An answer other than success, with its stable code. Thrown anywhere in the api and turned into
 * {@code application/problem+json} by {@link ProblemHandler}.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, null, null);
    }

    public ApiException(ErrorCode code, String detail, String field, Duration retryAfter) {
        super(detail, null, false, false);
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public static ApiException invalid(String field, String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail, field, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field or parameter at fault, if one is. */
    public String field() {
        return field;
    }

    /** For 429 and 503: when to try again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
