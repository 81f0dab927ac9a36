package com.salesbooking.platform.token;

import com.salesbooking.platform.BookingProperties;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.security.Keys;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The customer's two capabilities, as HS256 JWTs (jjwt): the verify token (confirms a booking) and the manage
 * token (cancels or reschedules it). Each is bound to a tenant ({@code tid}) and a booking ({@code sub}),
 * carries a one-time {@code jti} that the database remembers, and names its signing key in the header
 * ({@code kid}) so keys can rotate: every configured key verifies, the active one signs.
 *
 * <p>Tokens carry no {@code iat}, so issuing the same claims again gives the same token: re-sending the
 * verification email sends the same link.
 */
@Component
public class TokenService {

    /** Audience of the verify token. */
    public static final String VERIFY = "booking-verify";
    /** Audience of the manage token. */
    public static final String MANAGE = "booking-manage";

    private final String issuer;
    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final Clock clock;

    public TokenService(BookingProperties properties, Clock clock) {
        this.issuer = properties.tokens().issuer();
        // BookingProperties.Tokens has checked the format, the key sizes and that the active key is among them
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        properties.tokens().secrets().forEach((kid, secret) -> parsed.put(kid, Keys.hmacShaKeyFor(secret)));
        this.keys = Map.copyOf(parsed);
        this.activeKeyId = properties.tokens().activeKeyId();
        this.clock = clock;
    }

    /** Issues a token for one booking. */
    public String issue(String audience, UUID tenantId, UUID bookingId, String jti, Instant expiresAt) {
        return Jwts.builder()
                .header()
                .keyId(activeKeyId)
                .and()
                .issuer(issuer)
                .audience()
                .add(audience)
                .and()
                .subject(bookingId.toString())
                .claim("tid", tenantId.toString())
                .id(jti)
                .expiration(Date.from(expiresAt))
                .signWith(keys.get(activeKeyId), Jwts.SIG.HS256)
                .compact();
    }

    /**
     * Verifies signature, key id, issuer, audience and expiry.
     *
     * @throws InvalidTokenException for any token that is not one of ours for this audience, valid now
     */
    public TokenClaims verify(String token, String audience) {
        if (token == null || token.isBlank() || token.length() > 4096) {
            throw new InvalidTokenException("missing or oversized token");
        }
        try {
            Claims claims = Jwts.parser()
                    .keyLocator(new LocatorAdapter<Key>() {
                        @Override
                        protected Key locate(JwsHeader header) {
                            SecretKey key = header.getKeyId() == null ? null : keys.get(header.getKeyId());
                            if (key == null) {
                                throw new InvalidTokenException("unknown signing key");
                            }
                            return key;
                        }
                    })
                    .requireIssuer(issuer)
                    .requireAudience(audience)
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(token)
                    .getPayload();
            Set<String> aud = claims.getAudience();
            if (aud == null || aud.size() != 1) {
                throw new InvalidTokenException("token must name exactly one audience");
            }
            return new TokenClaims(
                    UUID.fromString(claims.get("tid", String.class)),
                    UUID.fromString(claims.getSubject()),
                    claims.getId(),
                    audience,
                    claims.getExpiration().toInstant());
        } catch (InvalidTokenException e) {
            throw e;
        } catch (io.jsonwebtoken.ExpiredJwtException e) {
            // the signature was verified before the expiry was checked, so these claims are ours
            Claims claims = e.getClaims();
            if (!issuer.equals(claims.getIssuer())
                    || claims.getAudience() == null
                    || !claims.getAudience().equals(Set.of(audience))) {
                throw new InvalidTokenException("expired token of another issuer or audience");
            }
            throw new ExpiredTokenException(new TokenClaims(
                    UUID.fromString(claims.get("tid", String.class)),
                    UUID.fromString(claims.getSubject()),
                    claims.getId(),
                    audience,
                    claims.getExpiration().toInstant()));
        } catch (JwtException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidTokenException(e.getClass().getSimpleName());
        }
    }

    /**
     * @param tenantId  the tenant the token was issued in
     * @param bookingId the booking it is for
     * @param jti       its one-time id
     */
    public record TokenClaims(UUID tenantId, UUID bookingId, String jti, String audience, Instant expiresAt) {}

    /**
     * One of our tokens, genuine but past its expiry: a verify token expires with the hold, a manage token when
     * the meeting ends (changes close earlier, at the deadline, which the api checks), so the caller can answer with the precise reason.
     */
    public static class ExpiredTokenException extends RuntimeException {
        private final TokenClaims claims;

        public ExpiredTokenException(TokenClaims claims) {
            super("token expired", null, false, false);
            this.claims = claims;
        }

        public TokenClaims claims() {
            return claims;
        }
    }

    /** Not a valid token of ours (the reason is for logs and tests, never shown in detail to a caller). */
    public static class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String reason) {
            super(reason, null, false, false);
        }
    }
}
