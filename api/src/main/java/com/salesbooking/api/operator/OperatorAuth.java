package com.salesbooking.api.operator;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.store.admin.AdminApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;

/**
 * The platform operator's scope ({@code X-Operator-Key}). No key, or an unknown one, is 401; a tenant admin's key
 * on an operator endpoint is 403 (a key of another scope).
 */
@Component
// created at start-up even with lazy initialization: a malformed OPERATOR_API_KEYS must stop the start, not the first
// call
@org.springframework.context.annotation.Lazy(false)
@EnableConfigurationProperties(OperatorProperties.class)
public class OperatorAuth {

    private static final Logger log = LoggerFactory.getLogger(OperatorAuth.class);

    private final List<OperatorProperties.OperatorKey> keys;
    private final AdminApiKeys adminKeys;
    private final Clock clock;

    public OperatorAuth(OperatorProperties properties, AdminApiKeys adminKeys, Clock clock) {
        this.keys = properties.keys();
        this.adminKeys = adminKeys;
        this.clock = clock;
        if (keys.isEmpty()) {
            log.info(
                    "no operator keys configured ({}): the operator endpoints answer 401", OperatorProperties.VARIABLE);
        }
    }

    /** @return the id of the operator key presented (for audit logs) */
    public String authenticate(String operatorKey, String adminKey) {
        if (operatorKey == null || operatorKey.isBlank()) {
            if (adminKey != null
                    && !adminKey.isBlank()
                    && adminKeys.match(adminKey, clock.instant()).isPresent()) {
                throw new ApiException(ErrorCode.FORBIDDEN, "a tenant admin key cannot use the operator endpoints");
            }
            throw new ApiException(ErrorCode.UNAUTHORIZED, "X-Operator-Key is required");
        }
        byte[] presented = OperatorProperties.sha256Hex(operatorKey).getBytes(StandardCharsets.US_ASCII);
        String match = null;
        for (OperatorProperties.OperatorKey key : keys) {
            // every configured key is compared, in constant time, so timing says nothing about which one matched
            if (MessageDigest.isEqual(presented, key.sha256Hex().getBytes(StandardCharsets.US_ASCII))) {
                match = key.id();
            }
        }
        if (match == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "unknown operator key");
        }
        return match;
    }
}
