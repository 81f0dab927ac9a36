package com.salesbooking.api.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request fields are strings, and a number or boolean where a string belongs is a client error (400), not a value:
 * Jackson would otherwise turn {@code "name": 123} into "123" and store it.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonTypes {

    @Bean
    JsonMapperBuilderCustomizer noScalarToStringCoercion() {
        return builder -> builder.withCoercionConfig(
                LogicalType.Textual,
                config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
