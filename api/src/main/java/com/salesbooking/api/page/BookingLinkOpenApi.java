package com.salesbooking.api.page;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Describes {@code GET /v1/public/link} in the OpenAPI document. Kept beside its controller, and with its response
 * schema inline rather than under components (the main contract replaces the component schemas wholesale, and
 * customizers run in no guaranteed order); the problem response refers to the shared {@code Problem} schema.
 */
@Configuration(proxyBeanMethods = false)
class BookingLinkOpenApi {

    @Bean
    OpenApiCustomizer bookingLinkContract() {
        return api -> {
            PathItem item = api.getPaths() == null ? null : api.getPaths().get(BookingLinkController.PATH);
            Operation op = item == null ? null : item.getGet();
            if (op == null) {
                return;
            }
            op.summary("What a verify or manage link is about")
                    .description("For the booking pages: the tenant and the booking a link's token belongs to, and "
                            + "whether the link can still confirm (verify) or cancel/reschedule (manage). Also answers "
                            + "for a genuine token past its expiry, so a page can say why and show the join link.")
                    .tags(List.of("public"))
                    // public like every customer endpoint: the token in the query is the proof
                    .security(List.of());
            if (op.getParameters() != null) {
                op.getParameters()
                        .forEach(p -> p.required(true).description("The token from the verify or manage link"));
            }
            Map<String, Schema<?>> props = new java.util.LinkedHashMap<>();
            props.put("tenant_slug", string(null));
            props.put("tenant_name", string(null));
            props.put("purpose", string(null)._enum(List.of("verify", "manage")));
            props.put("booking_id", string("uuid"));
            props.put(
                    "status",
                    string(null)._enum(List.of("hold", "pending_verify", "confirmed", "canceled", "expired")));
            props.put("start_at", string("date-time"));
            props.put("end_at", string("date-time"));
            props.put("timezone", string(null).description("The salesperson's IANA zone"));
            Schema<Object> salesperson = typed("object");
            salesperson.addProperty("id", string("uuid"));
            salesperson.addProperty("display_name", string(null));
            salesperson.addProperty("timezone", string(null));
            props.put("salesperson", salesperson);
            props.put("join_url", string("uri").description("While the booking is confirmed"));
            props.put("expires_at", string("date-time").description("The hold's expiry, while unconfirmed"));
            props.put(
                    "changes_until",
                    string("date-time").description("Cancel and reschedule close here (start - 24 h)"));
            props.put(
                    "cancel_reason",
                    string(null).description("For a canceled booking: customer, rescheduled, outlook_deleted"));
            props.put(
                    "actionable",
                    typed("boolean").description("The link can still confirm (verify) or change (manage) now"));
            props.put("link_used", typed("boolean").description("The link's one-time id was consumed"));
            Schema<Object> body = typed("object");
            props.forEach(body::addProperty);
            body.required(
                    List.of("tenant_slug", "purpose", "booking_id", "status", "start_at", "end_at", "actionable"));
            ApiResponses responses = new ApiResponses();
            responses.addApiResponse(
                    "200",
                    new ApiResponse()
                            .description("The link's booking")
                            .content(new Content().addMediaType("application/json", new MediaType().schema(body))));
            responses.addApiResponse("401", problem("token_invalid"));
            responses.addApiResponse("404", problem("booking_not_found"));
            responses.addApiResponse("500", problem("internal_error"));
            op.responses(responses);
        };
    }

    private static ApiResponse problem(String code) {
        ApiResponse response = new ApiResponse()
                .description(code)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
        response.addExtension("x-problem-codes", List.of(code));
        return response;
    }

    private static Schema<Object> typed(String type) {
        Schema<Object> schema = new Schema<>();
        schema.type(type);
        // springdoc writes OpenAPI 3.1, whose serializer reads `types`
        schema.types(new LinkedHashSet<>(List.of(type)));
        return schema;
    }

    private static Schema<Object> string(String format) {
        return typed("string").format(format);
    }
}
