package com.salesbooking.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts what identifies a request's tenant and booking into the logging MDC, so every line the request writes
 * (JSON fields in production, a bracket in local mode) can be filtered by them:
 * <ul>
 * <li>{@code tenantSlug}: the slug of a public URL {@code /v1/public/{slug}/...};</li>
 * <li>{@code tenantId}: the {@code X-Tenant-Id} header of an internal call;</li>
 * <li>{@code bookingId}: the id in {@code .../bookings/{id}...} or {@code /v1/internal/attendance/{id}}.</li>
 * </ul>
 * Only what the URL and headers already say: no body parsing and no database lookup (the slug is not resolved to
 * the tenant's id; the id stays in the audit log). Each value is taken only when it has the exact shape of a slug
 * or a UUID, so client-controlled text can neither forge log fields nor smuggle an email into the logs.
 */
@Component
// right after the size limit (HIGHEST_PRECEDENCE), before anything that could log
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class LogContextFilter extends OncePerRequestFilter {

    public static final String TENANT_SLUG = "tenantSlug";
    public static final String TENANT_ID = "tenantId";
    public static final String BOOKING_ID = "bookingId";

    private static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    /** The slug rule of PublicTenants: lower-case letters, digits and dashes, at most 63 characters. */
    private static final Pattern PUBLIC = Pattern.compile("^/v1/public/([a-z0-9][a-z0-9-]{0,62})(?:/|$)");

    private static final Pattern BOOKING =
            Pattern.compile("^/v1/(?:public/[^/]+/bookings|internal/attendance)/(" + UUID + ")(?:/|$)");
    private static final Pattern UUID_ONLY = Pattern.compile(UUID);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        Matcher tenant = PUBLIC.matcher(path);
        if (tenant.find()) {
            MDC.put(TENANT_SLUG, tenant.group(1));
        }
        String tenantHeader = request.getHeader("X-Tenant-Id");
        if (tenantHeader != null && UUID_ONLY.matcher(tenantHeader).matches()) {
            MDC.put(TENANT_ID, tenantHeader.toLowerCase(java.util.Locale.ROOT));
        }
        Matcher booking = BOOKING.matcher(path);
        if (booking.find()) {
            MDC.put(BOOKING_ID, booking.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            // pooled threads serve the next request: nothing may carry over
            MDC.remove(TENANT_SLUG);
            MDC.remove(TENANT_ID);
            MDC.remove(BOOKING_ID);
        }
    }
}
