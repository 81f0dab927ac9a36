package com.salesbooking.local.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.salesbooking.local.system.SystemTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system (as {@link SystemTestSupport} starts it) plus a headless Chromium. Every page a test opens is
 * watched: each request must go to the api's own origin (no third-party hosts), the console must stay free of
 * errors (a Content-Security-Policy violation is one), and {@link #view} runs axe-core and saves a screenshot to
 * {@code local/target/browser-screenshots/}.
 *
 * <p>axe-core is added as an init script, not a script tag: the pages' CSP allows no inline script, and an init
 * script is the browser's own injection, outside the page's policy, so the policy under test stays intact.
 */
public abstract class BrowserSupport extends SystemTestSupport {

    static final Path SCREENSHOTS = Paths.get("target", "browser-screenshots");
    private static final String AXE = resource("/axe/axe.min.js");

    static Playwright playwright;
    static Browser browser;

    private final List<BrowserContext> contexts = new ArrayList<>();
    /** Problems seen on any page of this test: foreign requests, console errors, page errors. */
    protected final List<String> pageProblems = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void assertionsWaitLikeActions() {
        // a confirm runs the saga (Zoom, Graph, mail) on a shared 2-core machine: 5 s is too tight
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @AfterAll
    static void stopBrowser() {
        if (playwright != null) {
            playwright.close();
        }
        playwright = null;
        browser = null;
    }

    @AfterEach
    void closeContextsAndCheckPages() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        assertThat(pageProblems)
                .as("requests to other hosts, console errors (CSP violations among them), page errors")
                .isEmpty();
    }

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A page in a fresh browser context with this time zone and language. */
    protected Page newPage(String timezone, String locale) {
        Browser.NewContextOptions options = new Browser.NewContextOptions()
                .setTimezoneId(timezone)
                .setLocale(locale)
                .setBaseURL(base())
                .setAcceptDownloads(true)
                .setViewportSize(1000, 900);
        if (locale.startsWith("de")) {
            options.setExtraHTTPHeaders(Map.of("Accept-Language", "de-DE,de;q=0.9"));
        }
        if (browser == null) {
            // launched once the system is up, not beside its start-up: both compete for the same cores
            playwright = Chromium.playwright();
            browser = Chromium.launch(playwright);
        }
        BrowserContext context = browser.newContext(options);
        context.setDefaultTimeout(30_000);
        contexts.add(context);
        context.addInitScript(AXE);
        Page page = context.newPage();
        page.onRequest(request -> {
            String url = request.url();
            if (!url.startsWith(base() + "/") && !url.startsWith("blob:") && !url.startsWith("data:")) {
                pageProblems.add("request to another host: " + url);
            }
        });
        page.onConsoleMessage(message -> {
            // the browser logs every 4xx answer as an error; those are states the pages turn into messages (which
            // the tests check), so only other errors count
            boolean expectedAnswer =
                    message.text().startsWith("Failed to load resource: the server responded with a status of 4");
            if ("error".equals(message.type()) && !expectedAnswer) {
                pageProblems.add("console error on " + page.url() + ": " + message.text());
            }
        });
        page.onPageError(error -> pageProblems.add("page error on " + page.url() + ": " + error));
        return page;
    }

    /**
     * A view as the customer sees it: axe-core finds no serious or critical WCAG 2.1 A/AA violation, and the
     * screenshot goes to target/browser-screenshots/{name}.png.
     */
    protected void view(Page page, String name) {
        Object found = page.evaluate("""
                async () => {
                  const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
                  return JSON.stringify(result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) })));
                }""");
        assertThat(found)
                .as("axe-core serious/critical violations on view '%s'", name)
                .isEqualTo("[]");
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(true));
    }

    /**
     * The newest link to {@code path} ("/verify" or "/manage") mailed to {@code email}, read from the sandbox outbox
     * over HTTP as a person in local mode would, and moved onto this test server (the demo tenants have no booking
     * page of their own, so their links take the configured base URL, http://booking.test in the system tests).
     */
    protected String linkFromOutbox(String email, String path) {
        String[] link = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Response outbox = get("/dev/outbox?to=" + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8));
            for (JsonNode mail : outbox.json()) {
                for (JsonNode l : mail.path("links")) {
                    if (l.asString().contains(path + "?token=")) {
                        link[0] = l.asString();
                        return true;
                    }
                }
            }
            return false;
        });
        assertThat(link[0])
                .as("links point at the base URL (acme has no booking page of its own)")
                .startsWith("http://booking.test" + path + "?token=");
        URI uri = URI.create(link[0]);
        return base() + uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /** The number of links to {@code path} mailed to {@code email} so far. */
    protected int linksInOutbox(String email, String path) {
        int n = 0;
        for (JsonNode mail : get("/dev/outbox?to=" + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8))
                .json()) {
            for (JsonNode l : mail.path("links")) {
                if (l.asString().contains(path + "?token=")) {
                    n++;
                }
            }
        }
        return n;
    }

    protected static String resource(String path) {
        try (InputStream in = BrowserSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
