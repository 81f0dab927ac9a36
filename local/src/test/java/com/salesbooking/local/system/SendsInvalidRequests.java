package com.salesbooking.local.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test (method or class) that deliberately sends requests the OpenAPI document forbids (a missing
 * Idempotency-Key, a malformed body, an unknown route...): {@link ServedContract} does not check its requests, but
 * still checks every response against the document (the problem+json answers, their statuses and headers).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SendsInvalidRequests {}
