package com.salesbooking.api.admin;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.store.admin.TenantAdmin;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.WorkingHours;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validation of tenant and salesperson settings, shared by the operator's and the tenant admin's endpoints: each
 * failure is 400 {@code invalid_request} naming the field. The bounds are the table's CHECK constraints.
 */
public final class TenantSettingsInput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");
    private static final Pattern RANGE = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d");
    private static final Set<String> DAYS = Set.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    /** More ranges than this in a day is a typo, not a working day. */
    private static final int MAX_RANGES_PER_DAY = 12;

    private TenantSettingsInput() {}

    /**
     * The settings a tenant admin may change (and the operator may set when creating a tenant). Null leaves a
     * setting unchanged.
     */
    public record SettingsRequest(
            String timezone,
            Integer slotLengthMinutes,
            Integer bufferMinutes,
            Integer minimumNoticeMinutes,
            Integer maximumAdvanceDays,
            Map<String, List<String>> workingHours,
            String meetingProvider,
            String sharedMailbox,
            String bookingPageUrl) {}

    /** The tenant as its admin and the operator see it. */
    public record TenantView(
            UUID tenantId,
            String name,
            String slug,
            String status,
            String m365TenantId,
            String timezone,
            int slotLengthMinutes,
            int bufferMinutes,
            int minimumNoticeMinutes,
            int maximumAdvanceDays,
            Map<String, List<String>> workingHours,
            String meetingProvider,
            String sharedMailbox,
            String bookingPageUrl,
            String createdAt) {

        public static TenantView of(Tenant t, String createdAt) {
            return new TenantView(
                    t.id(),
                    t.name(),
                    t.slug(),
                    t.active() ? "active" : "suspended",
                    t.m365TenantId(),
                    t.defaultTimezone().getId(),
                    (int) t.slotLength().toMinutes(),
                    (int) t.buffer().toMinutes(),
                    (int) t.minimumNotice().toMinutes(),
                    t.maximumAdvanceDays(),
                    t.workingHours().asMap(),
                    t.meetingProvider().name().toLowerCase(java.util.Locale.ROOT),
                    t.sharedMailbox(),
                    t.bookingPageBaseUrl(),
                    createdAt);
        }
    }

    /** Validates a settings change; {@code prefix} names nested fields ({@code settings.}). */
    public static TenantAdmin.SettingsChange change(
            SettingsRequest s, String prefix, String name, String m365TenantId) {
        if (s == null) {
            return new TenantAdmin.SettingsChange(
                    name, null, null, null, null, null, null, null, null, null, m365TenantId);
        }
        return new TenantAdmin.SettingsChange(
                name,
                s.timezone() == null ? null : zone(s.timezone(), prefix + "timezone"),
                bounded(s.slotLengthMinutes(), prefix + "slot_length_minutes", 5, 480),
                bounded(s.bufferMinutes(), prefix + "buffer_minutes", 0, 240),
                bounded(s.minimumNoticeMinutes(), prefix + "minimum_notice_minutes", 0, 43_200),
                bounded(s.maximumAdvanceDays(), prefix + "maximum_advance_days", 1, 730),
                s.workingHours() == null ? null : workingHours(s.workingHours(), prefix + "working_hours"),
                s.meetingProvider() == null ? null : meetingProvider(s.meetingProvider(), prefix + "meeting_provider"),
                s.sharedMailbox() == null ? null : Inputs.email(s.sharedMailbox(), prefix + "shared_mailbox"),
                s.bookingPageUrl() == null ? null : url(s.bookingPageUrl(), prefix + "booking_page_url"),
                m365TenantId);
    }

    public static String slug(String value, String field) {
        Inputs.required(value, field);
        if (!SLUG.matcher(value).matches()) {
            throw ApiException.invalid(
                    field,
                    field + " must be 3-40 lower-case letters, digits or hyphens, "
                            + "starting and ending with a letter or digit");
        }
        return value;
    }

    /** A name of 1-200 printable characters. */
    public static String name(String value, String field) {
        Inputs.required(value, field);
        return Inputs.optionalText(value, field, 200);
    }

    /** An IANA zone id such as Europe/Berlin (not an offset like +01:00). */
    public static String zone(String value, String field) {
        Inputs.required(value, field);
        if (!ZoneId.getAvailableZoneIds().contains(value)) {
            throw ApiException.invalid(field, field + " must be an IANA time zone such as Europe/Berlin");
        }
        return value;
    }

    public static String meetingProvider(String value, String field) {
        if (!"zoom".equals(value) && !"teams".equals(value)) {
            throw ApiException.invalid(field, field + " must be zoom or teams");
        }
        return value;
    }

    /** A Microsoft Entra tenant id (a GUID). */
    public static String m365TenantId(String value, String field) {
        if (value == null) {
            return null;
        }
        return Inputs.uuid(value.toLowerCase(java.util.Locale.ROOT), field).toString();
    }

    /** Working hours {"mon":["09:00-12:00","13:00-17:00"], ...} as stored JSON; days left out are days off. */
    public static String workingHours(Map<String, List<String>> hours, String field) {
        for (Map.Entry<String, List<String>> day : hours.entrySet()) {
            if (!DAYS.contains(day.getKey())) {
                throw ApiException.invalid(
                        field,
                        field + " has an unknown day '" + Inputs.optionalText(day.getKey(), field, 20)
                                + "': use mon, tue, wed, thu, fri, sat, sun");
            }
            if (day.getValue() == null || day.getValue().size() > MAX_RANGES_PER_DAY) {
                throw ApiException.invalid(
                        field,
                        field + "." + day.getKey() + " must be a list of at most " + MAX_RANGES_PER_DAY + " ranges");
            }
            for (String range : day.getValue()) {
                if (range == null || !RANGE.matcher(range).matches()) {
                    throw ApiException.invalid(field, field + "." + day.getKey() + " ranges must be HH:mm-HH:mm");
                }
            }
        }
        try {
            WorkingHours parsed = WorkingHours.parse(hours);
            return JSON.writeValueAsString(parsed.asMap());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ApiException.invalid(field, field + ": ranges must end after they start and must not overlap");
        }
    }

    /** An absolute http(s) URL without user info. */
    public static String url(String value, String field) {
        Inputs.required(value, field);
        try {
            URI uri = URI.create(value.trim());
            if (uri.getHost() == null
                    || uri.getUserInfo() != null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    || value.length() > 500) {
                throw new IllegalArgumentException();
            }
            return uri.toString();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, field + " must be an absolute http(s) URL");
        }
    }

    private static Integer bounded(Integer value, String field, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw ApiException.invalid(field, field + " must be between " + min + " and " + max);
        }
        return value;
    }
}
