package com.salesbooking.local.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.salesbooking.local.bench.BenchmarkSystem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A harness, not a test: the booking page's weight and how soon a customer sees a free time. Local mode in this
 * JVM, Chromium on loopback; each run is a fresh browser context (empty cache), as a first visit is.
 *
 * <ul>
 * <li>bytes: every response of the first load (HTML, scripts, styles, the API calls that draw the first week), as
 *     the browser counts them (Resource Timing transferSize: headers and body as sent);</li>
 * <li>first slot: from the start of navigation to the first slot button in the document (the page marks it with
 *     {@code performance.mark('first-slot')}).</li>
 * </ul>
 * Run (README "Booking pages"): {@code ./mvnw -B -q install -DskipTests -Dspring-boot.repackage.skip=true} once, then
 * {@code ./mvnw -B -q -pl local exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.salesbooking.local.browser.BookingPageBenchmark}.
 */
public final class BookingPageBenchmark {

    private static final String ANNA = "a0000000-0000-4000-8000-000000000101";
    private static final int WARM_UP = 3;
    private static final int RUNS = 20;

    public static void main(String[] args) {
        try (BenchmarkSystem system = BenchmarkSystem.start();
                Playwright playwright = Chromium.playwright()) {
            Browser browser = Chromium.launch(playwright);
            String url = system.baseUrl() + "/book/acme?salesperson=" + ANNA;
            List<Double> firstSlot = new ArrayList<>();
            List<Long> bytes = new ArrayList<>();
            List<Integer> requests = new ArrayList<>();
            for (int i = 0; i < WARM_UP + RUNS; i++) {
                try (BrowserContext context =
                        browser.newContext(new Browser.NewContextOptions().setTimezoneId("Asia/Tokyo"))) {
                    Page page = context.newPage();
                    page.navigate(url);
                    page.locator("[data-start]").first().waitFor();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) page.evaluate("""
                            () => {
                              const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
                              return { firstSlot: performance.getEntriesByName('first-slot')[0].startTime,
                                       bytes: entries.reduce((sum, e) => sum + e.transferSize, 0), requests: entries.length };
                            }""");
                    if (i >= WARM_UP) {
                        firstSlot.add(((Number) m.get("firstSlot")).doubleValue());
                        bytes.add(((Number) m.get("bytes")).longValue());
                        requests.add(((Number) m.get("requests")).intValue());
                    }
                }
            }
            Collections.sort(firstSlot);
            System.out.printf(
                    "%nbooking page /book/acme, first load (fresh context), %d runs after %d warm-up%n", RUNS, WARM_UP);
            System.out.printf(
                    "transferred: %d bytes (%.1f KB) in %d requests (HTML, 4 modules, CSS, salespersons, availability)%n",
                    bytes.get(0), bytes.get(0) / 1024.0, requests.get(0));
            System.out.printf(
                    "first slot visible: p50 %.0f ms, p90 %.0f ms, max %.0f ms%n",
                    firstSlot.get(RUNS / 2), firstSlot.get((int) (RUNS * 0.9) - 1), firstSlot.get(RUNS - 1));
        }
        System.exit(0);
    }

    private BookingPageBenchmark() {}
}
