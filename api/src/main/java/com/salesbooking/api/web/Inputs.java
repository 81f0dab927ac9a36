package com.salesbooking.api.web;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of request values at the edge: each failure names its field. */
public final class Inputs {

    /**
     * An SMTP address as Exchange accepts one (RFC 5321): a dot-atom local part of letters, digits and
     * {@code !#$%&'*+/=?^_`{|}~-} (no leading, trailing or double dot), and a domain of at least two LDH labels
     * (letters, digits, inner hyphens; internationalized domains in their xn-- form) ending in an alphabetic
     * top-level label. Quoted local parts and address literals are legal SMTP that no customer types and that
     * mail systems treat inconsistently; they are refused. The verification email proves the address exists.
     */
    private static final Pattern EMAIL =
            Pattern.compile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$");

    /**
     * Instants a booking can sensibly name. Years far outside overflow date arithmetic later (a 500 instead of a
     * 400) and are never a meeting anybody attends.
     */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    public static final Instant LATEST = Instant.parse("2101-01-01T00:00:00Z");

    private Inputs() {}

    public static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(field, field + " is required");
        }
        requirePrintable(value, field);
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

    /**
     * An ISO-8601 date-time WITH an offset or Z, normalized to a UTC instant, between the years 2000 and 2100. A missing
     * value is 400 invalid_request (as every missing field); a malformed or out-of-range one 400 invalid_datetime.
     */
    public static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(field, field + " is required");
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    ErrorCode.INVALID_DATETIME,
                    field + " must be an ISO-8601 date-time with an offset, e.g. 2027-03-01T10:00:00+01:00",
                    field,
                    null);
        } catch (DateTimeException e) {
            // parsed, but not an instant the JDK can represent
            throw outOfRange(field);
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw outOfRange(field);
        }
        return instant;
    }

    private static ApiException outOfRange(String field) {
        return new ApiException(
                ErrorCode.INVALID_DATETIME, field + " must lie between the years 2000 and 2100", field, null);
    }

    public static String email(String value, String field) {
        required(value, field);
        String trimmed = value.trim();
        int at = trimmed.lastIndexOf('@');
        // 64 for the local part and 254 in all: the limits of RFC 5321 as mail servers apply them
        if (trimmed.length() > 254 || at > 64 || !EMAIL.matcher(trimmed).matches()) {
            throw ApiException.invalid(field, field + " is not a valid email address");
        }
        return trimmed;
    }

    /** Optional free text, trimmed, at most {@code max} characters, none of them invisible or a control. */
    public static String optionalText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw ApiException.invalid(field, field + " must be at most " + max + " printable characters");
        }
        requirePrintable(trimmed, field);
        return trimmed;
    }

    /**
     * Refuses controls (Unicode category Cc: NUL, CR, LF, U+0085...), format characters (Cf: the right-to-left override
     * U+202E, zero-width characters...), line and paragraph separators (Zl, Zp) and unpaired surrogates. Names end up in
     * the salesperson's Outlook subject and in emails: such characters forge lines or reorder what the reader sees.
     */
    public static void requirePrintable(String value, String field) {
        boolean bad = value.codePoints().anyMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        });
        if (bad) {
            throw ApiException.invalid(field, field + " contains control, format or separator characters");
        }
    }
}
