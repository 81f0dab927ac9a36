package com.salesbooking.providers.zoom;

/**
 * One Zoom Server-to-Server OAuth app.
 *
 * @param accountId    the Zoom account the app belongs to
 * @param clientId     the app's client id
 * @param clientSecret the app's client secret (never printed)
 */
record ZoomCredentials(String accountId, String clientId, String clientSecret) {

    boolean complete() {
        return !ZoomProperties.isBlank(accountId)
                && !ZoomProperties.isBlank(clientId)
                && !ZoomProperties.isBlank(clientSecret);
    }

    /** Identifies the app in the token cache; holds no secret. */
    String cacheKey() {
        return accountId + "/" + clientId;
    }

    @Override
    public String toString() {
        return "ZoomCredentials[accountId=" + accountId + ", clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
