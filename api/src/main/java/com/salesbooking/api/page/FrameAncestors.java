package com.salesbooking.api.page;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which sites may embed a tenant's booking page ({@code /book/{slug}}) in a frame. Read from
 * {@code BOOKING_PAGE_FRAME_ANCESTORS}: {@code slug=origin origin;slug=origin}, e.g.
 * {@code acme=https://www.acme.example https://intranet.acme.example}. A tenant not listed may not be framed
 * (clickjacking), and the token pages are never framed, whoever asks. Origins are checked strictly at start-up:
 * the value goes into a response header, so a stray {@code ;} or quote could rewrite the whole policy.
 */
@Component
class FrameAncestors {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ORIGIN =
            Pattern.compile("https://[A-Za-z0-9.-]+(:\\d{1,5})?|http://(localhost|127\\.0\\.0\\.1)(:\\d{1,5})?");

    private final Map<String, String> bySlug;

    FrameAncestors(@Value("${booking.pages.frame-ancestors:${BOOKING_PAGE_FRAME_ANCESTORS:}}") String setting) {
        this.bySlug = parse(setting);
    }

    static Map<String, String> parse(String setting) {
        Map<String, String> map = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) {
            return map;
        }
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String slug = eq < 0 ? "" : entry.substring(0, eq).trim();
            List<String> origins =
                    eq < 0 ? List.of() : List.of(entry.substring(eq + 1).trim().split("\\s+"));
            if (!SLUG.matcher(slug).matches()
                    || origins.isEmpty()
                    || !origins.stream().allMatch(o -> ORIGIN.matcher(o).matches())) {
                throw new IllegalStateException("booking.pages.frame-ancestors (BOOKING_PAGE_FRAME_ANCESTORS) must be "
                        + "'slug=https://origin [https://origin...];slug=...', got an invalid entry: '" + entry.trim()
                        + "'");
            }
            map.put(slug, String.join(" ", origins));
        }
        return map;
    }

    /** The CSP frame-ancestors sources for the tenant's booking page: its origins, or 'none'. */
    String forBookingPage(String slug) {
        return bySlug.getOrDefault(slug, "'none'");
    }
}
