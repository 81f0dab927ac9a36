package com.salesbooking.api.booking;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who counts as one client for the per-client hold limit. */
class ClientHoldLimiterKeyTest {

    @Test
    void anIpv4AddressIsItsOwnClient() {
        assertThat(ClientHoldLimiter.clientKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientHoldLimiter.clientKey("203.0.113.8")).isNotEqualTo(ClientHoldLimiter.clientKey("203.0.113.7"));
        assertThat(ClientHoldLimiter.clientKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void addressesOfOneIpv6SlashSixtyFourAreOneClient() {
        String a = ClientHoldLimiter.clientKey("2001:db8:aa:1::1");
        String b = ClientHoldLimiter.clientKey("2001:0db8:00aa:0001:ffff:1234:5678:9abc");
        String otherNetwork = ClientHoldLimiter.clientKey("2001:db8:aa:2::1");

        assertThat(a).isEqualTo(b).isEqualTo("20010db800aa0001::/64");
        assertThat(otherNetwork).isNotEqualTo(a);
    }

    @Test
    void noAddressIsNoClient() {
        assertThat(ClientHoldLimiter.clientKey(null)).isNull();
        assertThat(ClientHoldLimiter.clientKey(" ")).isNull();
    }
}
