package com.salesbooking.api.error;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.net.URI;

/**
 * Every error leaves as RFC 9457 problem+json with {@code status}, {@code title}, {@code detail} and a stable
 * {@code code}; never a stack trace. Unexpected exceptions are logged with their type only (a message may
 * carry an email) and answered with a generic 500.
 */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return problem(e.code(), e.getMessage(), e.field(), e.retryAfter());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return problem(
                ErrorCode.INVALID_REQUEST, "the request body is not valid JSON of the expected shape", null, null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return problem(
                ErrorCode.INVALID_REQUEST,
                "query parameter '" + e.getParameterName() + "' is required",
                e.getParameterName(),
                null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(ErrorCode.INVALID_REQUEST, "'" + e.getName() + "' is malformed", e.getName(), null);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        if ("Idempotency-Key".equalsIgnoreCase(e.getHeaderName())) {
            return problem(ErrorCode.IDEMPOTENCY_KEY_MISSING, "every POST needs an Idempotency-Key header", null, null);
        }
        return problem(
                ErrorCode.INVALID_REQUEST, "header '" + e.getHeaderName() + "' is required", e.getHeaderName(), null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return problem(ErrorCode.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here", null, null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/json", null, null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return problem(ErrorCode.NOT_FOUND, "no such endpoint", null, null);
    }

    /** The database is overloaded or unreachable for the moment: a retry may succeed, so 503, not 500. */
    @ExceptionHandler({
        org.springframework.dao.TransientDataAccessException.class,
        org.springframework.jdbc.CannotGetJdbcConnectionException.class
    })
    ResponseEntity<ProblemDetail> transientDatabase(Exception e, HttpServletRequest request) {
        log.warn(
                "database unavailable ({}) on {} {}",
                e.getClass().getSimpleName(),
                request.getMethod(),
                request.getRequestURI());
        return problem(
                ErrorCode.SERVICE_UNAVAILABLE,
                "the service is busy; please retry",
                null,
                java.time.Duration.ofSeconds(1));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (clientWentAway(e)) {
            // a closed tab or a proxy's time-out while the answer was written (e.g. the OpenAPI document): nothing to
            // answer, and not a defect of ours
            log.debug("client went away during {} {}", request.getMethod(), request.getRequestURI());
            return null;
        }
        log.error("unexpected {} on {} {}", e.getClass().getName(), request.getMethod(), request.getRequestURI());
        return problem(ErrorCode.INTERNAL_ERROR, "something went wrong on our side", null, null);
    }

    static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.web.context.request.async.AsyncRequestNotUsableException
                    || t instanceof org.apache.catalina.connector.ClientAbortException) {
                return true;
            }
        }
        return false;
    }

    /** Builds the problem response; also used by filters that answer before a controller runs. */
    public static ResponseEntity<ProblemDetail> problem(
            ErrorCode code, String detail, String field, java.time.Duration retryAfter) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(code.status(), detail);
        body.setTitle(code.title());
        body.setType(URI.create("https://docs.salesbooking.example/problems/" + code.code()));
        body.setProperty("code", code.code());
        if (field != null) {
            body.setProperty("field", field);
        }
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        return response.body(body);
    }
}
