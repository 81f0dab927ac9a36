package com.salesbooking.platform.token;

import com.salesbooking.platform.token.TokenService.InvalidTokenException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edges of what the token service accepts: the size limit, genuine tokens (signed with our key) that still break a
 * rule, and the reason logged for each refusal.
 */
class TokenServiceBoundaryTest {

    private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    private static final UUID TENANT = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    private static final UUID BOOKING = UUID.fromString("c0000000-0000-4000-8000-000000000001");
    private static final String KEY = "the-current-key-of-32-bytes-long";

    private final TokenService tokens =
            TokenServiceTest.service("k2:" + TokenServiceTest.secret(KEY), "k2", "salesbooking", NOW);

    @Test
    void aGenuineTokenOfExactly4096CharactersVerifiesAndALongerOneIsRefusedAsOversized() {
        String longest = tokenOfLength(4096, 4096);
        // base64url skips some lengths: the shortest genuine token over the limit
        String oversized = tokenOfLength(4097, 4099);

        assertThat(tokens.verify(longest, TokenService.VERIFY).bookingId()).isEqualTo(BOOKING);
        assertThatThrownBy(() -> tokens.verify(oversized, TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("missing or oversized token");
    }

    @Test
    void aBlankTokenIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> tokens.verify("  ", TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("missing or oversized token");
    }

    @Test
    void aGenuineTokenNamingTwoAudiencesIsRefused() {
        String both = signed(
                b -> b.audience()
                        .add(TokenService.VERIFY)
                        .add(TokenService.MANAGE)
                        .and(),
                "k2");

        assertThatThrownBy(() -> tokens.verify(both, TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("token must name exactly one audience");
    }

    @Test
    void anExpiredTokenOfAnotherIssuerSignedWithOurKeyIsInvalidNotExpired() {
        TokenService otherIssuer =
                TokenServiceTest.service("k2:" + TokenServiceTest.secret(KEY), "k2", "someone-else", NOW);
        String token = otherIssuer.issue(TokenService.VERIFY, TENANT, BOOKING, "jti-1", NOW.minusSeconds(1));

        assertThatThrownBy(() -> tokens.verify(token, TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("expired token of another issuer or audience");
    }

    @Test
    void anExpiredTokenWithoutAudienceIsInvalidNotExpired() {
        String token = signed(b -> b.expiration(Date.from(NOW.minusSeconds(1))), "k2");

        assertThatThrownBy(() -> tokens.verify(token, TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("expired token of another issuer or audience");
    }

    @Test
    void aTokenWithoutOrWithAnUnknownKeyIdIsRefusedAsAnUnknownKey() {
        String withoutKeyId = signed(b -> b.audience().add(TokenService.VERIFY).and(), null);
        String unknownKeyId = signed(b -> b.audience().add(TokenService.VERIFY).and(), "k7");

        assertThatThrownBy(() -> tokens.verify(withoutKeyId, TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("unknown signing key");
        assertThatThrownBy(() -> tokens.verify(unknownKeyId, TokenService.VERIFY))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("unknown signing key");
    }

    /** An issued token whose one-time id is padded until the whole token is {@code min}..{@code max} characters. */
    private String tokenOfLength(int min, int max) {
        for (int padding = 2800; padding < 3200; padding++) {
            for (String suffix : new String[] {"", "a", "ab", "abc"}) {
                String token = tokens.issue(
                        TokenService.VERIFY, TENANT, BOOKING, "j".repeat(padding) + suffix, NOW.plusSeconds(600));
                if (token.length() >= min && token.length() <= max) {
                    return token;
                }
            }
        }
        throw new IllegalStateException("no padding gives a token of " + min + " characters");
    }

    /** A token signed with our key and issuer whose other claims the test chooses (a kid of null: none). */
    private static String signed(UnaryOperator<io.jsonwebtoken.JwtBuilder> claims, String keyId) {
        var builder = Jwts.builder()
                .issuer("salesbooking")
                .subject(BOOKING.toString())
                .claim("tid", TENANT.toString())
                .id("jti-x")
                .expiration(Date.from(NOW.plusSeconds(600)));
        if (keyId != null) {
            builder.header().keyId(keyId).and();
        }
        return claims.apply(builder)
                .signWith(Keys.hmacShaKeyFor(KEY.getBytes(StandardCharsets.US_ASCII)), Jwts.SIG.HS256)
                .compact();
    }
}
