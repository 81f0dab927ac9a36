package com.salesbooking.api.web;

import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.error.ProblemHandler;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Refuses bodies over 64 KiB with 413 problem+json before anything reads them: no request of this api
 * needs more (Graph's webhook batches stay far below), and it bounds what an attacker can make us parse.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    static final long MAX_BODY_BYTES = 64 * 1024;

    private final JsonMapper json;

    public RequestSizeLimitFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > MAX_BODY_BYTES || chunked) {
            var problem = ProblemHandler.problem(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "request bodies are limited to " + MAX_BODY_BYTES + " bytes and need a Content-Length",
                    null,
                    null);
            response.setStatus(problem.getStatusCode().value());
            response.setContentType("application/problem+json");
            response.getWriter().write(json.writeValueAsString(problem.getBody()));
            return;
        }
        chain.doFilter(request, response);
    }
}
