package com.salesbooking.platform.token;

import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.token.TokenService.ExpiredTokenException;
import com.salesbooking.platform.token.TokenService.InvalidTokenException;
import com.salesbooking.platform.token.TokenService.TokenClaims;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of the customer's two capabilities, at the token service's own level (no HTTP, no database). */
class TokenServiceTest {

    private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    private static final UUID TENANT = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    private static final UUID BOOKING = UUID.fromString("c0000000-0000-4000-8000-000000000001");
    private static final String CURRENT = "k2:" + secret("the-current-key-of-32-bytes-long");
    private static final String OLDER = "k1:" + secret("an-older-key-that-is-32-bytes-ok");

    private final TokenService tokens = service(CURRENT + "," + OLDER, "k2", "salesbooking", NOW);

    @Test
    void anIssuedTokenVerifiesForItsAudienceWithItsClaims() {
        String token = tokens.issue(TokenService.VERIFY, TENANT, BOOKING, "jti-1", NOW.plus(Duration.ofMinutes(10)));

        TokenClaims claims = tokens.verify(token, TokenService.VERIFY);

        assertThat(claims)
                .isEqualTo(new TokenClaims(
                        TENANT, BOOKING, "jti-1", TokenService.VERIFY, NOW.plus(Duration.ofMinutes(10))));
    }

    @Test
    void aVerifyTokenCannotManageAndAManageTokenCannotConfirm() {
        String verify = tokens.issue(TokenService.VERIFY, TENANT, BOOKING, "jti-1", NOW.plusSeconds(600));
        String manage = tokens.issue(TokenService.MANAGE, TENANT, BOOKING, "jti-2", NOW.plusSeconds(600));

        assertThatThrownBy(() -> tokens.verify(verify, TokenService.MANAGE)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify(manage, TokenService.VERIFY)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void anExpiredTokenIsReportedAsExpiredWithItsClaimsSoTheCallerCanSayWhy() {
        String token = tokens.issue(TokenService.VERIFY, TENANT, BOOKING, "jti-1", NOW.minusSeconds(1));

        assertThatThrownBy(() -> tokens.verify(token, TokenService.VERIFY))
                .isInstanceOfSatisfying(
                        ExpiredTokenException.class,
                        e -> assertThat(e.claims().bookingId()).isEqualTo(BOOKING));
    }

    @Test
    void anExpiredTokenOfAnotherAudienceIsInvalidNotExpired() {
        String token = tokens.issue(TokenService.MANAGE, TENANT, BOOKING, "jti-1", NOW.minusSeconds(1));

        assertThatThrownBy(() -> tokens.verify(token, TokenService.VERIFY)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aTokenSignedWithAnOlderKeyStillVerifiesAfterRotation() {
        TokenService beforeRotation = service(OLDER, "k1", "salesbooking", NOW);
        String token = beforeRotation.issue(TokenService.MANAGE, TENANT, BOOKING, "jti-1", NOW.plusSeconds(600));

        assertThat(tokens.verify(token, TokenService.MANAGE).jti()).isEqualTo("jti-1");
    }

    @Test
    void aTokenOfAnUnknownKeyAnotherIssuerOrWithAnAlteredPayloadIsRefused() {
        TokenService stranger = service("k9:" + secret("a-key-nobody-here-knows-32-bytes"), "k9", "salesbooking", NOW);
        TokenService otherIssuer = service(CURRENT, "k2", "someone-else", NOW);
        String token = tokens.issue(TokenService.VERIFY, TENANT, BOOKING, "jti-1", NOW.plusSeconds(600));
        String[] parts = token.split("\\.");
        String otherBooking = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(BOOKING.toString(), UUID.randomUUID().toString())
                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> tokens.verify(
                        stranger.issue(TokenService.VERIFY, TENANT, BOOKING, "j", NOW.plusSeconds(600)),
                        TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify(
                        otherIssuer.issue(TokenService.VERIFY, TENANT, BOOKING, "j", NOW.plusSeconds(600)),
                        TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify(parts[0] + "." + otherBooking + "." + parts[2], TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void missingMalformedAndOversizedTokensAreInvalid() {
        assertThatThrownBy(() -> tokens.verify(null, TokenService.VERIFY)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify(" ", TokenService.VERIFY)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify("not.a.jwt", TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify("e".repeat(4097), TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void theSameClaimsGiveTheSameTokenSoARepeatedVerificationEmailCarriesTheSameLink() {
        Instant expiry = NOW.plusSeconds(600);

        assertThat(tokens.issue(TokenService.VERIFY, TENANT, BOOKING, "jti-1", expiry))
                .isEqualTo(tokens.issue(TokenService.VERIFY, TENANT, BOOKING, "jti-1", expiry))
                .isNotEqualTo(tokens.issue(TokenService.VERIFY, TENANT, BOOKING, "jti-2", expiry));
    }

    /** The production defaults (booking-defaults.yml) with the settings a test varies on top. */
    static TokenService service(String signingKeys, String activeKeyId, String issuer, Instant now) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "test",
                        Map.of(
                                "booking.base-url", "https://book.example.com",
                                "booking.temporal.address", "127.0.0.1:7233",
                                "booking.tokens.issuer", issuer,
                                "booking.tokens.signing-keys", signingKeys,
                                "booking.tokens.active-key-id", activeKeyId)));
        try {
            new YamlPropertySourceLoader()
                    .load("defaults", new ClassPathResource("booking-defaults.yml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BookingProperties properties =
                Binder.get(environment).bind("booking", BookingProperties.class).get();
        return new TokenService(properties, Clock.fixed(now, ZoneOffset.UTC));
    }

    static String secret(String thirtyTwoBytes) {
        return Base64.getEncoder().encodeToString(thirtyTwoBytes.getBytes(StandardCharsets.US_ASCII));
    }
}
