package com.salesbooking.api.attendance;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Tenant admin API keys: stored as SHA-256 hashes, scoped to one tenant, compared in constant time. A key is
 * high-entropy, so a fast hash is right here (a password would need a slow one).
 */
@Component
public class AdminKeys {

    private final JdbcClient jdbc;

    public AdminKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The id of the tenant's key that matches, else 401 (no key) or 403 (a key, but not one of this tenant's).
     */
    public UUID authenticate(UUID tenantId, String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "X-Admin-Api-Key is required");
        }
        byte[] presented = HexFormat.of().formatHex(sha256(presentedKey)).getBytes(StandardCharsets.US_ASCII);
        List<Key> keys = jdbc.sql("SELECT id, key_hash FROM admin_api_keys WHERE tenant_id = ? AND revoked_at IS NULL")
                .param(tenantId)
                .query((rs, i) -> new Key(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        UUID match = null;
        for (Key key : keys) {
            // every stored key is compared, in constant time, so timing says nothing about which one matched
            if (MessageDigest.isEqual(presented, key.hash().getBytes(StandardCharsets.US_ASCII))) {
                match = key.id();
            }
        }
        if (match == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "this key is not valid for this tenant");
        }
        return match;
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Key(UUID id, String hash) {
    }
}
