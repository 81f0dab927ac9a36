package com.salesbooking.local.browser;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.salesbooking.local.system.SendsInvalidRequests;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The customer pages in a real browser against the whole system: book, confirm, download the calendar file,
 * reschedule and cancel by clicking, in a browser whose time zone is not the salesperson's; the states a person
 * can meet on the way (expired hold, a slot taken a moment ago, a GET that must not confirm, a double click);
 * German; and axe-core on every view.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = "booking.pages.frame-ancestors=globex=https://intranet.globex.example")
class BrowserBookingPagesTest extends BrowserSupport {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter ICS =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneId.of("UTC"));

    @Test
    @Order(1)
    void theWholeJourneyByClickingInTokyoForASalespersonInBerlin() throws Exception {
        Instant start = slot(2, 10);
        Instant newStart = slot(3, 11);
        String email = email("browser-journey");
        Page page = newPage("Asia/Tokyo", "en-GB");

        // book: Anna (Berlin), slots in the browser's zone (Tokyo) with the zone named, a switch to Berlin
        page.navigate("/book/acme");
        page.locator("[data-salesperson='" + ANNA + "']").click();
        Locator slot = page.locator("[data-start='" + start + "']");
        assertThat(slot).hasText(start.atZone(TOKYO).toLocalTime().toString());
        assertThat(page.locator("#zone-text")).containsText("Asia/Tokyo");
        view(page, "01-book");
        page.locator("#zone-switch").check();
        assertThat(slot).hasText(start.atZone(BERLIN).toLocalTime().toString());
        assertThat(page.locator("#zone-text")).containsText("Europe/Berlin");
        page.locator("#zone-switch").uncheck();
        assertThat(page.locator("#zone-text")).containsText("Asia/Tokyo");

        slot.click();
        page.locator("[name=email]").fill(email);
        page.locator("[name=name]").fill("Pat Doe");
        page.locator("[name=company]").fill("Initech");
        view(page, "02-book-slot-chosen");
        page.locator("[data-action=hold]").click();

        // check your email: pending_verify, a live countdown
        assertThat(page.locator("[data-status=pending_verify]")).isVisible();
        assertThat(page.getByRole(AriaRole.TIMER)).containsText(":");
        view(page, "03-check-email");

        // a mail scanner's GET of the link changes nothing
        String verify = linkFromOutbox(email, "/verify");
        UUID id = bookingOf(verify);
        Response scanned = send(HttpRequest.newBuilder(URI.create(verify)).GET());
        assertThat(scanned.status()).isEqualTo(200);
        assertThat(scanned.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(status(id)).isEqualTo("pending_verify");

        // the verify page shows what is being confirmed, and confirms nothing until the click
        page.navigate(verify);
        assertThat(page.locator("[data-action=confirm]")).isVisible();
        assertThat(page.locator("main"))
                .containsText(start.atZone(TOKYO).toLocalTime().toString());
        assertThat(page.locator("main")).containsText("Asia/Tokyo");
        assertThat(page.locator("[data-status=pending_verify]")).isVisible();
        view(page, "04-verify");
        assertThat(status(id)).isEqualTo("pending_verify");
        int meetings = zoom.createCalls();
        page.locator("[data-action=confirm]").click();
        assertThat(page.locator("[data-status=confirmed]")).isVisible();
        assertThat(status(id)).isEqualTo("confirmed");
        assertThat(zoom.createCalls() - meetings).isEqualTo(1);
        assertThat(page.locator("main a[href^='https://zoom.sandbox.local/j/']"))
                .isVisible();
        view(page, "05-confirmed");

        // the calendar file: RFC 5545, UTC times, the booking's id as UID
        Download download =
                page.waitForDownload(() -> page.locator("[data-action=ics]").click());
        String ics = Files.readString(download.path());
        assertThat(ics)
                .startsWith("BEGIN:VCALENDAR\r\n")
                .endsWith("END:VCALENDAR\r\n")
                .contains(
                        "\r\nVERSION:2.0\r\n",
                        "\r\nBEGIN:VEVENT\r\n",
                        "\r\nUID:" + id + "\r\n",
                        "\r\nDTSTART:" + ICS.format(start) + "\r\n",
                        "\r\nDTEND:" + ICS.format(start.plus(Duration.ofHours(1))) + "\r\n",
                        "\r\nDTSTAMP:");
        assertThat(ics.lines())
                .allSatisfy(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(75));

        // manage: reschedule to another slot of Anna, then the verify flow for the new time
        String manage = linkFromOutbox(email, "/manage");
        page.navigate(manage);
        assertThat(page.locator("[data-status=confirmed]")).isVisible();
        assertThat(page.locator("main")).containsText("Europe/Berlin");
        view(page, "06-manage");
        page.locator("[data-action=reschedule]").click();
        page.locator("[data-start='" + newStart + "']").click();
        view(page, "07-reschedule");
        page.locator("[data-action=reschedule-confirm]").click();
        assertThat(page.locator("[data-status=pending_verify]")).isVisible();
        view(page, "08-reschedule-check-email");
        assertThat(status(id)).isEqualTo("canceled");

        String verifyNew = linkFromOutbox(email, "/verify");
        assertThat(verifyNew).isNotEqualTo(verify);
        UUID newId = bookingOf(verifyNew);
        page.navigate(verifyNew);
        page.locator("[data-action=confirm]").click();
        assertThat(page.locator("[data-status=confirmed]")).isVisible();
        assertThat(status(newId)).isEqualTo("confirmed");

        // the old manage link now says the meeting moved
        page.navigate(manage);
        assertThat(page.locator("[data-status=canceled]")).isVisible();
        view(page, "09-manage-old-link-rescheduled");

        // cancel the new booking, with a confirmation step
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !linkFromOutbox(email, "/manage").equals(manage));
        page.navigate(linkFromOutbox(email, "/manage"));
        page.locator("[data-action=cancel]").click();
        assertThat(status(newId)).isEqualTo("confirmed");
        view(page, "10-cancel-step");
        page.locator("[data-action=cancel-confirm]").click();
        assertThat(page.locator("[data-status=canceled]")).isVisible();
        assertThat(status(newId)).isEqualTo("canceled");
        view(page, "11-canceled");
    }

    @Test
    @Order(2)
    void aDoubleClickOnConfirmConfirmsOnceAndOpeningTheLinkConfirmsNothing() {
        UUID seller = newSalesperson();
        String email = email("browser-double");
        UUID id = pendingBooking("acme", seller, slot(2, 13), email);
        Page page = newPage("Europe/Berlin", "en-GB");
        page.navigate(linkFromOutbox(email, "/verify"));
        assertThat(page.locator("[data-action=confirm]")).isEnabled();
        assertThat(status(id)).isEqualTo("pending_verify");
        int meetings = zoom.createCalls();
        int events = graph.createCalls();
        page.locator("[data-action=confirm]").dblclick();
        assertThat(page.locator("[data-status=confirmed]")).isVisible();
        assertThat(zoom.createCalls() - meetings).isEqualTo(1);
        assertThat(graph.createCalls() - events).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM meetings WHERE booking_id = ?", id))
                .isEqualTo(1);
        // the salesperson's zone is the visitor's: no second time line
        assertThat(page.locator("main")).not().containsText("time zone");

        // the verify link opened again: already confirmed, nothing more happens
        page.navigate(linkFromOutbox(email, "/verify"));
        assertThat(page.locator("[data-status=confirmed]")).isVisible();
        assertThat(page.locator("[data-action=confirm]")).hasCount(0);
        view(page, "12-verify-already-confirmed");
        assertThat(zoom.createCalls() - meetings).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aSlotTakenAMomentAgoSaysSoAndOffersTheOthers() {
        UUID seller = newSalesperson();
        Instant start = slot(2, 9);
        Page page = newPage("Europe/Berlin", "en-GB");
        page.navigate("/book/acme?salesperson=" + seller);
        Locator slot = page.locator("[data-start='" + start + "']");
        slot.click();
        // someone else is quicker
        Response other = post(
                "/v1/public/acme/holds",
                key(),
                holdBody(seller, start, start.plus(Duration.ofHours(1)), email("quick")));
        assertThat(other.status()).isEqualTo(201);
        page.locator("[name=email]").fill(email("slow"));
        page.locator("[data-action=hold]").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Someone else took this time");
        assertThat(slot).hasCount(0);
        // the others are offered again, freshly read
        assertThat(page.locator("[data-start='" + start.plus(Duration.ofHours(3)) + "']"))
                .isVisible();
        view(page, "13-slot-taken");
    }

    @Test
    @Order(4)
    void germanFromAcceptLanguage() {
        UUID seller = newSalesperson();
        Page page = newPage("Europe/Berlin", "de-DE");
        page.navigate("/book/acme?salesperson=" + seller);
        assertThat(page.locator("html")).hasAttribute("lang", "de");
        assertThat(page.locator("h1")).hasText("Termin mit Acme Corp buchen");
        assertThat(page.locator("[data-action=hold]")).hasText("Diese Zeit reservieren");
        assertThat(page.locator("[data-start]").first()).isVisible();
        view(page, "14-book-de");

        String email = email("browser-de");
        pendingBooking("acme", seller, slot(3, 15), email);
        page.navigate(linkFromOutbox(email, "/verify"));
        assertThat(page.locator("[data-action=confirm]")).hasText("Termin bestätigen");
        assertThat(page.locator("[data-status=pending_verify]")).hasText("Wartet auf Ihre Bestätigung");
        view(page, "15-verify-de");
    }

    @Test
    @Order(5)
    // the link endpoint is probed without a token on purpose: its answer is still checked against the document
    @SendsInvalidRequests
    void headersPolicyAndWeight() {
        Response book = get("/book/acme");
        assertThat(book.status()).isEqualTo(200);
        assertThat(book.contentType()).startsWith("text/html");
        String csp = book.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .startsWith("default-src 'self'; script-src 'self';")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(book.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        // a tenant that configured its sites may embed its booking page there
        Response globex = get("/book/globex");
        assertThat(globex.headers().firstValue("Content-Security-Policy").orElseThrow())
                .endsWith("frame-ancestors https://intranet.globex.example");
        assertThat(globex.headers().firstValue("X-Frame-Options")).isEmpty();
        for (String tokenPage : new String[] {"/verify?token=x", "/manage?token=x"}) {
            Response r = get(tokenPage);
            assertThat(r.headers().firstValue("Referrer-Policy")).as(tokenPage).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .as(tokenPage)
                    .contains("frame-ancestors 'none'");
            assertThat(r.headers().firstValue("Cache-Control").orElseThrow())
                    .as(tokenPage)
                    .contains("no-store");
        }
        assertThat(get("/book/nope").status()).isEqualTo(404);
        assertThat(get("/book/nope").contentType()).startsWith("text/html");
        assertThat(get("/pages/nothing.js").status()).isEqualTo(404);
        assertThat(get("/pages/nothing.js").text("code")).isEqualTo("not_found");
        Response de = send(HttpRequest.newBuilder(uri("/book/acme"))
                .header("Accept-Language", "fr-FR, de;q=0.8")
                .GET());
        assertThat(de.body()).contains("<html lang=\"de\">");

        // the link endpoint: bad input is a problem, never a 500
        Response none = get("/v1/public/link");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.text("code")).isEqualTo("token_invalid");
        assertThat(get("/v1/public/link?token=eyJhbGciOiJIUzI1NiJ9.e30.x").text("code"))
                .isEqualTo("token_invalid");
        // ... and it is in the OpenAPI document; the pages themselves are not (they are no API)
        var docs = get("/v3/api-docs").json().path("paths");
        assertThat(docs.path("/v1/public/link").path("get").path("summary").asString())
                .isNotBlank();
        assertThat(docs.path("/v1/public/link")
                        .path("get")
                        .path("responses")
                        .path("401")
                        .path("x-problem-codes")
                        .toString())
                .contains("token_invalid");
        assertThat(docs.path("/v1/public/link")
                        .path("get")
                        .path("responses")
                        .path("200")
                        .path("content")
                        .path("application/json")
                        .path("schema")
                        .path("properties")
                        .has("tenant_slug"))
                .isTrue();
        assertThat(docs.has("/book/{slug}")).isFalse();

        // the booking page's first load, everything included, within 150 KB
        Page page = newPage("Europe/Berlin", "en-GB");
        page.navigate("/book/acme?salesperson=" + ANNA);
        assertThat(page.locator("[data-start]").first()).isVisible();
        Number bytes = (Number) page.evaluate(
                "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                        + ".reduce((sum, e) => sum + e.transferSize, 0)");
        assertThat(bytes.longValue()).as("bytes transferred on first load").isBetween(1L, 150L * 1024);

        // unknown and bad links get a human message
        page.navigate("/verify?token=nonsense");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("This link is not valid");
        view(page, "16-verify-invalid-link");
        page.navigate("/book/nope");
        assertThat(page.locator("h1")).hasText("Booking page not found");
        view(page, "17-book-missing");
    }

    @Test
    @Order(6)
    void anExpiredHoldSaysSoAndLeadsBackToTheBookingPage() {
        UUID seller = newSalesperson();
        Instant start = slot(2, 16);
        String email = email("browser-expired");
        Page page = newPage("Asia/Tokyo", "en-US");
        page.navigate("/book/acme?salesperson=" + seller);
        page.locator("[data-start='" + start + "']").click();
        page.locator("[name=email]").fill(email);
        page.locator("[data-action=hold]").click();
        assertThat(page.locator("[data-status=pending_verify]")).isVisible();
        String verify = linkFromOutbox(email, "/verify");
        UUID id = bookingOf(verify);

        skip(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(30)).until(() -> "expired".equals(status(id)));

        // asking for the link again on the "check your email" view
        page.locator("[data-action=resend]").click();
        assertThat(page.locator("[data-status=expired]")).isVisible();
        view(page, "18-check-email-expired");

        // the verify link after the hold expired
        page.navigate(verify);
        assertThat(page.locator("[data-status=expired]")).isVisible();
        assertThat(page.locator("[data-action=confirm]")).hasCount(0);
        page.locator("a[href='/book/acme']").click();
        assertThat(page.locator("[data-salesperson]").first()).isVisible();
        page.goBack();
        assertThat(page.locator("[data-status=expired]")).isVisible();
        view(page, "19-verify-expired");
    }

    /** Runs last: it moves the clock past a booking's change deadline (a day and more). */
    @Test
    @Order(7)
    void afterTheDeadlineTheManagePageSaysUntilWhenAndKeepsTheJoinLink() {
        UUID seller = newSalesperson();
        Instant start = slot(2, 12);
        String email = email("browser-deadline");
        UUID id = confirmedBooking(seller, start, email);
        String manage = linkFromOutbox(email, "/manage");
        skip(Duration.between(now(), start.minus(Duration.ofHours(23))));

        Page page = newPage("Europe/Berlin", "en-GB");
        page.navigate(manage);
        assertThat(page.locator("[data-status=confirmed]")).isVisible();
        assertThat(page.locator("main")).containsText("Changes were possible until");
        assertThat(page.locator("main"))
                .containsText(start.minus(Duration.ofHours(24))
                        .atZone(BERLIN)
                        .toLocalTime()
                        .toString());
        assertThat(page.locator("main a[href^='https://zoom.sandbox.local/j/']"))
                .isVisible();
        assertThat(page.locator("[data-action=cancel]")).hasCount(0);
        assertThat(page.locator("[data-action=reschedule]")).hasCount(0);
        view(page, "20-manage-after-deadline");
        assertThat(status(id)).isEqualTo("confirmed");
    }

    /** The booking a verify or manage link is for, as the pages learn it. */
    private UUID bookingOf(String link) {
        String token = link.substring(link.indexOf("token=") + 6);
        Response r = get("/v1/public/link?token=" + token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return UUID.fromString(r.text("booking_id"));
    }
}
