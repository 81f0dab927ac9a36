package com.salesbooking.api.page;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The setting goes into a response header, so anything but clean origins must stop the start-up. */
class FrameAncestorsTest {

    @Test
    void listedTenantsGetTheirOriginsOthersNone() {
        FrameAncestors ancestors = new FrameAncestors(
                "acme=https://www.acme.example https://intranet.acme.example:8443; globex=http://localhost:3000");
        assertThat(ancestors.forBookingPage("acme"))
                .isEqualTo("https://www.acme.example https://intranet.acme.example:8443");
        assertThat(ancestors.forBookingPage("globex")).isEqualTo("http://localhost:3000");
        assertThat(ancestors.forBookingPage("initech")).isEqualTo("'none'");
        assertThat(new FrameAncestors("").forBookingPage("acme")).isEqualTo("'none'");
    }

    @Test
    void anythingThatCouldRewriteThePolicyIsRefused() {
        for (String bad : new String[] {
            "acme=https://a.example; script-src *",
            "acme=*",
            "acme=https://a.example'",
            "acme=http://evil.example",
            "ACME=https://a.example",
            "acme=",
            "https://a.example",
            "acme=https://a.example,https://b.example"
        }) {
            assertThatThrownBy(() -> new FrameAncestors(bad))
                    .as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("BOOKING_PAGE_FRAME_ANCESTORS");
        }
    }

    @Test
    void bundleJsonCannotCloseTheScriptBlock() {
        assertThat(BookingPagesController.json(java.util.Map.of("k", "</script><b>\"x\"&")))
                .isEqualTo("{\"k\":\"\\u003c/script\\u003e\\u003cb\\u003e\\\"x\\\"\\u0026\"}");
    }
}
