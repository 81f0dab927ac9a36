package com.salesbooking.api.web;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of request values at the edge: each failure names its field. */
public final class Inputs {

    /** Deliberately simple: one @, no spaces, a dot in the domain; the verification email proves the rest. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    private Inputs() {
    }

    public static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(field, field + " is required");
        }
        return value;
    }

    public static UUID uuid(String value, String field) {
        required(value, field);
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, field + " must be a UUID");
        }
    }

    /** An ISO-8601 date-time WITH an offset or Z, normalized to a UTC instant; anything else is 400 invalid_datetime. */
    public static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_DATETIME, field + " is required", field, null);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_DATETIME,
                    field + " must be an ISO-8601 date-time with an offset, e.g. 2027-03-01T10:00:00+01:00", field, null);
        }
    }

    public static String email(String value, String field) {
        required(value, field);
        String trimmed = value.trim();
        if (trimmed.length() > 254 || !EMAIL.matcher(trimmed).matches()) {
            throw ApiException.invalid(field, field + " is not a valid email address");
        }
        return trimmed;
    }

    /** Optional free text, trimmed, at most {@code max} characters. */
    public static String optionalText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max || trimmed.chars().anyMatch(c -> c < 0x20)) {
            throw ApiException.invalid(field, field + " must be at most " + max + " printable characters");
        }
        return trimmed;
    }
}
