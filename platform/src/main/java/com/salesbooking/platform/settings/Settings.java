package com.salesbooking.platform.settings;

import com.salesbooking.platform.BookingProperties;
import org.springframework.core.env.PropertyResolver;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every production setting of the api and the worker, checked together before any bean is created
 * ({@link SettingsCheck}). To add a setting: its line in booking-defaults.yml (property and variable) and one entry
 * here. A setting that BookingProperties binds too is declared once, as a named constant below, and its record checks
 * the bound value with that same declaration ({@link Setting#require}); TOKEN_SIGNING_KEYS is checked by
 * BookingProperties' own parser, which the rule here calls.
 */
public final class Settings {

    private Settings() {}

    static final Setting.Rule ANY = (value, settings) -> true;

    public static final Setting BASE_URL =
            Setting.required("booking.base-url", "BASE_URL", "an absolute http(s) URL", (v, s) -> isHttpUrl(v));
    public static final Setting WEBHOOK_BASE_URL = Setting.optional(
            "booking.webhook-base-url", "WEBHOOK_BASE_URL", "an absolute http(s) URL", (v, s) -> isHttpUrl(v));
    public static final Setting TEMPORAL_ADDRESS = Setting.required(
            "booking.temporal.address",
            "TEMPORAL_ADDRESS",
            "host:port of the Temporal frontend, e.g. localhost:7233",
            (v, s) -> v.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}"));
    public static final Setting TEMPORAL_NAMESPACE =
            Setting.required("booking.temporal.namespace", "TEMPORAL_NAMESPACE", "a namespace name", ANY);
    public static final Setting TEMPORAL_TASK_QUEUE =
            Setting.required("booking.temporal.task-queue", "TEMPORAL_TASK_QUEUE", "a task queue name", ANY);
    public static final Setting TOKEN_ISSUER =
            Setting.required("booking.tokens.issuer", "TOKEN_ISSUER", "a non-blank issuer name", ANY);
    public static final Setting PROVIDERS_MODE = Setting.optional(
            "booking.providers.mode",
            "PROVIDERS_MODE",
            "real or sandbox",
            (v, s) -> v.equals("real") || v.equals("sandbox"));

    public static final List<Setting> ALL = List.of(
            Setting.required(
                    "spring.datasource.url",
                    "DATABASE_URL",
                    "a PostgreSQL JDBC URL, jdbc:postgresql://host:5432/db",
                    (v, s) -> v.startsWith("jdbc:postgresql:")),
            // user and password may travel in the URL instead (?user=...&password=...)
            Setting.required("spring.datasource.username", "DATABASE_USERNAME", "the database user", ANY)
                    .when(s -> !urlCarries(s, "user=")),
            Setting.required("spring.datasource.password", "DATABASE_PASSWORD", "the database user's password", ANY)
                    .when(s -> !urlCarries(s, "password=")),
            Setting.optional(
                    "spring.datasource.hikari.maximum-pool-size",
                    "DATABASE_POOL_SIZE",
                    "a whole number from 1 to 100",
                    (v, s) -> between(Integer.parseInt(v), 1, 100)),
            Setting.optional("spring.liquibase.enabled", "MIGRATE_ON_START", "true or false", (v, s) -> isBoolean(v)),
            BASE_URL,
            WEBHOOK_BASE_URL,
            TEMPORAL_ADDRESS,
            TEMPORAL_NAMESPACE,
            TEMPORAL_TASK_QUEUE,
            Setting.required(
                            "booking.temporal.tls-key-path",
                            "TEMPORAL_TLS_KEY_PATH",
                            "set together with TEMPORAL_TLS_CERT_PATH",
                            ANY)
                    .when(s -> isSet(s, "booking.temporal.tls-cert-path")),
            Setting.required(
                            "booking.temporal.tls-cert-path",
                            "TEMPORAL_TLS_CERT_PATH",
                            "set together with TEMPORAL_TLS_KEY_PATH",
                            ANY)
                    .when(s -> isSet(s, "booking.temporal.tls-key-path")),
            Setting.optional(
                    "booking.temporal.workflow-cache-size",
                    "TEMPORAL_WORKFLOW_CACHE_SIZE",
                    "a whole number >= 0",
                    (v, s) -> Integer.parseInt(v) >= 0),
            Setting.optional(
                    "booking.temporal.deadlock-detection-timeout",
                    "TEMPORAL_DEADLOCK_DETECTION_TIMEOUT",
                    "a duration from PT1S to PT1M",
                    (v, s) -> durationBetween(v, Duration.ofSeconds(1), Duration.ofMinutes(1))),
            TOKEN_ISSUER,
            Setting.required(
                    "booking.tokens.signing-keys",
                    "TOKEN_SIGNING_KEYS",
                    "kid:base64secret[,kid:base64secret], each secret at least 32 bytes",
                    (v, s) -> signingKeysValid(v)),
            Setting.required(
                    "booking.tokens.active-key-id",
                    "TOKEN_ACTIVE_KEY_ID",
                    "the kid of one of TOKEN_SIGNING_KEYS",
                    (v, s) -> activeKeyAmongKeys(v, s)),
            PROVIDERS_MODE,
            Setting.required(
                            "booking.graph.client-id",
                            "GRAPH_CLIENT_ID",
                            "the Entra app's client id (real providers)",
                            ANY)
                    .when(Settings::realProviders),
            Setting.required(
                            "booking.graph.client-secret",
                            "GRAPH_CLIENT_SECRET",
                            "the Entra app's client secret (real providers)",
                            ANY)
                    .when(Settings::realProviders),
            Setting.optional(
                    "booking.graph.base-url", "GRAPH_BASE_URL", "an absolute http(s) URL", (v, s) -> isHttpUrl(v)),
            Setting.optional(
                    "booking.graph.authority-host",
                    "GRAPH_AUTHORITY_HOST",
                    "an absolute http(s) URL",
                    (v, s) -> isHttpUrl(v)),
            Setting.optional(
                    "booking.zoom.base-url", "ZOOM_BASE_URL", "an absolute http(s) URL", (v, s) -> isHttpUrl(v)),
            Setting.optional(
                    "booking.zoom.token-url", "ZOOM_TOKEN_URL", "an absolute http(s) URL", (v, s) -> isHttpUrl(v)),
            Setting.optional(
                    "booking.hold-ttl",
                    "BOOKING_HOLD_TTL",
                    "an ISO-8601 duration from PT1S to PT24H, e.g. PT10M",
                    (v, s) -> durationBetween(v, Duration.ofSeconds(1), Duration.ofHours(24))),
            Setting.optional(
                    "booking.attendance-window",
                    "BOOKING_ATTENDANCE_WINDOW",
                    "a non-negative ISO-8601 duration, e.g. P30D",
                    (v, s) -> !Duration.parse(v).isNegative()),
            Setting.optional(
                    "booking.availability.busy-cache-ttl",
                    "BOOKING_AVAILABILITY_CACHE_TTL",
                    "a duration from PT30S to PT60S",
                    (v, s) -> durationBetween(v, Duration.ofSeconds(30), Duration.ofSeconds(60))),
            Setting.optional(
                    "booking.limits.max-unconfirmed-per-email",
                    "BOOKING_MAX_UNCONFIRMED_PER_EMAIL",
                    "a whole number >= 1",
                    (v, s) -> Integer.parseInt(v) >= 1),
            Setting.optional(
                    "booking.limits.max-verify-emails-per-booking",
                    "BOOKING_MAX_VERIFY_EMAILS",
                    "a whole number >= 1",
                    (v, s) -> Integer.parseInt(v) >= 1),
            Setting.optional(
                    "booking.limits.max-holds-per-client",
                    "BOOKING_MAX_HOLDS_PER_CLIENT",
                    "a whole number >= 1",
                    (v, s) -> Integer.parseInt(v) >= 1),
            Setting.optional(
                    "booking.limits.client-window",
                    "BOOKING_CLIENT_HOLD_WINDOW",
                    "a duration from PT1M to PT24H",
                    (v, s) -> durationBetween(v, Duration.ofMinutes(1), Duration.ofHours(24))),
            // up to a day: the system tests run it every 6 hours of skipped time
            Setting.optional(
                    "booking.sweeper-interval",
                    "BOOKING_SWEEPER_INTERVAL",
                    "a duration from PT1M to P1D",
                    (v, s) -> durationBetween(v, Duration.ofMinutes(1), Duration.ofDays(1))),
            Setting.optional(
                    "management.server.port",
                    "MANAGEMENT_PORT",
                    "a port number from 0 to 65535",
                    (v, s) -> between(Integer.parseInt(v), 0, 65535)),
            Setting.optional(
                    "server.port",
                    "PORT",
                    "a port number from 0 to 65535",
                    (v, s) -> between(Integer.parseInt(v), 0, 65535)));

    /** The problems of all settings, in declaration order; empty when everything is fine. */
    public static List<String> problems(PropertyResolver settings, List<Setting> all) {
        List<String> problems = new ArrayList<>();
        for (Setting setting : all) {
            String problem = setting.problem(settings);
            if (problem != null) {
                problems.add(setting.variable() + " " + problem + ": expected " + setting.expected());
            }
        }
        return problems;
    }

    static boolean realProviders(PropertyResolver s) {
        return "real".equals(s.getProperty("booking.providers.mode", "real").trim());
    }

    private static boolean isSet(PropertyResolver s, String property) {
        String value = s.getProperty(property);
        return value != null && !value.isBlank();
    }

    private static boolean urlCarries(PropertyResolver s, String parameter) {
        String url = s.getProperty("spring.datasource.url", "");
        return url.contains("?" + parameter) || url.contains("&" + parameter);
    }

    private static boolean between(int value, int min, int max) {
        return value >= min && value <= max;
    }

    private static boolean isBoolean(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    private static boolean durationBetween(String value, Duration min, Duration max) {
        Duration d = Duration.parse(value);
        return d.compareTo(min) >= 0 && d.compareTo(max) <= 0;
    }

    static boolean isHttpUrl(String value) {
        URI uri = URI.create(value);
        return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    }

    /** BookingProperties' own parser: the same rule in both places. */
    private static boolean signingKeysValid(String keys) {
        keyIds(keys);
        return true;
    }

    private static boolean activeKeyAmongKeys(String active, PropertyResolver s) {
        String keys = s.getProperty("booking.tokens.signing-keys", "");
        try {
            return keys.isBlank() || keyIds(keys).contains(active);
        } catch (RuntimeException e) {
            // TOKEN_SIGNING_KEYS is reported on its own
            return true;
        }
    }

    private static Set<String> keyIds(String keys) {
        String firstKid = keys.split(",")[0].split(":")[0].trim();
        return new BookingProperties.Tokens("check", keys, firstKid.isEmpty() ? "none" : firstKid)
                .secrets()
                .keySet();
    }
}
