package com.salesbooking.api.page;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer's pages: {@code /book/{slug}}, {@code /verify?token=} and {@code /manage?token=}. Each is one small
 * HTML shell filled in here (language, strings, tenant, the server's clock) and ES modules that call the public API,
 * so the pages use exactly the contract other front ends use. A GET never changes a booking: mail scanners open
 * links, so confirming takes a button (a POST from the page).
 *
 * <p>The token stays in the URL only; the shell does not read it (the script hands it to
 * {@code /v1/public/link}), and the token pages send no Referer, are never cached and never framed.
 */
@Controller
@Hidden
class BookingPagesController {

    /** The page scripts and styles, served from memory with an ETag (a deploy changes them, so revalidate). */
    private static final Map<String, MediaType> ASSETS = Map.of(
            "app.js", MediaType.valueOf("text/javascript;charset=UTF-8"),
            "common.js", MediaType.valueOf("text/javascript;charset=UTF-8"),
            "picker.js", MediaType.valueOf("text/javascript;charset=UTF-8"),
            "ics.js", MediaType.valueOf("text/javascript;charset=UTF-8"),
            "style.css", MediaType.valueOf("text/css;charset=UTF-8"));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z0-9_.-]+)}}");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ";

    private final TenantDirectory tenants;
    private final PageMessages messages;
    private final FrameAncestors frameAncestors;
    private final Clock clock;
    private final String template;
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    record Asset(byte[] body, String etag, MediaType type) {}

    BookingPagesController(TenantDirectory tenants, PageMessages messages, FrameAncestors frameAncestors, Clock clock) {
        this.tenants = tenants;
        this.messages = messages;
        this.frameAncestors = frameAncestors;
        this.clock = clock;
        this.template = new String(read("/pages/page.html"), StandardCharsets.UTF_8);
        ASSETS.forEach((name, type) -> {
            byte[] body = read("/pages/static/" + name);
            assets.put(name, new Asset(body, "\"" + sha256(body).substring(0, 20) + "\"", type));
        });
    }

    @GetMapping("/book/{slug}")
    ResponseEntity<String> book(@PathVariable String slug, HttpServletRequest request) {
        Optional<Tenant> tenant =
                slug.matches("[a-z0-9][a-z0-9-]{0,62}") ? tenants.activeTenantBySlug(slug) : Optional.empty();
        String language = messages.language(request);
        if (tenant.isEmpty()) {
            return page(HttpStatus.NOT_FOUND, "missing", language, Map.of(), "'none'", false);
        }
        Tenant t = tenant.get();
        return page(
                HttpStatus.OK,
                "book",
                language,
                Map.of(
                        "slug",
                        t.slug(),
                        "tenant",
                        t.name(),
                        "maxAdvanceDays",
                        Integer.toString(t.maximumAdvanceDays())),
                frameAncestors.forBookingPage(t.slug()),
                false);
    }

    @GetMapping("/verify")
    ResponseEntity<String> verify(HttpServletRequest request) {
        return page(HttpStatus.OK, "verify", messages.language(request), Map.of(), "'none'", true);
    }

    @GetMapping("/manage")
    ResponseEntity<String> manage(HttpServletRequest request) {
        return page(HttpStatus.OK, "manage", messages.language(request), Map.of(), "'none'", true);
    }

    @GetMapping("/pages/{name:[a-z]+\\.(?:js|css)}")
    ResponseEntity<byte[]> asset(@PathVariable String name, HttpServletRequest request) {
        Asset asset = assets.get(name);
        if (asset == null) {
            // as for any unknown path: a problem with its code
            throw new ApiException(ErrorCode.NOT_FOUND, "no such endpoint");
        }
        if (asset.etag().equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(asset.etag())
                    .cacheControl(CacheControl.noCache())
                    .build();
        }
        return ResponseEntity.ok()
                .eTag(asset.etag())
                .cacheControl(CacheControl.noCache())
                .header("X-Content-Type-Options", "nosniff")
                .contentType(asset.type())
                .body(asset.body());
    }

    private ResponseEntity<String> page(
            HttpStatus status,
            String page,
            String language,
            Map<String, String> values,
            String ancestors,
            boolean carriesToken) {
        Map<String, String> bundle = messages.bundle(language);
        Map<String, String> vars = new LinkedHashMap<>(values);
        vars.put("lang", language);
        vars.put("page", page);
        vars.put("serverTime", clock.instant().toString());
        vars.putIfAbsent("slug", "");
        vars.putIfAbsent("tenant", "");
        vars.putIfAbsent("maxAdvanceDays", "");
        vars.put("title", bundle.getOrDefault("title." + page, "").replace("{tenant}", vars.get("tenant")));
        String html = fill(template, vars, bundle).replace("@@MESSAGES@@", json(bundle));
        HttpHeaders headers = new HttpHeaders();
        headers.set("Content-Security-Policy", CSP + ancestors);
        if ("'none'".equals(ancestors)) {
            // for browsers that predate frame-ancestors
            headers.set("X-Frame-Options", "DENY");
        }
        headers.set("X-Content-Type-Options", "nosniff");
        // a token in the URL must not leak to the join link's host (or any other) through Referer
        headers.set("Referrer-Policy", carriesToken ? "no-referrer" : "strict-origin-when-cross-origin");
        headers.set(HttpHeaders.VARY, "Accept-Language");
        headers.setCacheControl(carriesToken ? CacheControl.noStore() : CacheControl.noCache());
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.valueOf("text/html;charset=UTF-8"))
                .body(html);
    }

    /** {@code {{name}}}: a page value, else a message; HTML-escaped either way. */
    private static String fill(String template, Map<String, String> vars, Map<String, String> bundle) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = vars.containsKey(key) ? vars.get(key) : bundle.getOrDefault(key, key);
            m.appendReplacement(out, Matcher.quoteReplacement(escapeHtml(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** The bundle as a JSON object, safe inside a script data block ({@code <} never appears literally). */
    static String json(Map<String, String> bundle) {
        StringBuilder out = new StringBuilder("{");
        bundle.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(jsonString(k)).append(':').append(jsonString(v));
        });
        return out.append('}').toString();
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '<', '>', '&' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static byte[] read(String path) {
        try (InputStream in = BookingPagesController.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing page resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
