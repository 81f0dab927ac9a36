package com.salesbooking.local.bench;

import com.salesbooking.api.ApiApplication;
import com.salesbooking.worker.WorkerApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.annotation.AliasFor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Local mode's application split the way production runs it: the api on its own and the worker on its own, both
 * with the sandbox providers (which {@link ApiApplication} and {@link WorkerApplication} refuse). Each configuration
 * applies only when {@value #ROLE} names it, so local mode's own component scan, which sees this test package, never
 * picks them up.
 */
final class SplitModeParts {

    /** The property that selects a part: {@code api} or {@code worker}. */
    static final String ROLE = "salesbooking.bench.split-role";

    private SplitModeParts() {}

    /** What {@link ApiApplication} scans: no worker, no activities. */
    @Part({"com.salesbooking.api", "com.salesbooking.platform", "com.salesbooking.store", "com.salesbooking.providers"})
    @ConditionalOnProperty(name = ROLE, havingValue = "api")
    static class Api {}

    /** What {@link WorkerApplication} scans: the Temporal workers, their activities, no api. */
    @Part({
        "com.salesbooking.worker",
        "com.salesbooking.activities",
        "com.salesbooking.platform",
        "com.salesbooking.store",
        "com.salesbooking.providers"
    })
    @ConditionalOnProperty(name = ROLE, havingValue = "worker")
    static class Worker {}

    /**
     * One part's application: auto-configuration and a scan of its packages, without the production entry points
     * (their own scans would duplicate this one; each lies outside the other part's packages anyway).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @ComponentScan(
            excludeFilters = {
                @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
                @ComponentScan.Filter(
                        type = FilterType.ASSIGNABLE_TYPE,
                        classes = {ApiApplication.class, WorkerApplication.class})
            })
    @interface Part {
        /** The packages the part scans. */
        @AliasFor(annotation = ComponentScan.class, attribute = "basePackages")
        String[] value();
    }

    /**
     * The api process of {@link SplitModeBenchmark}: started with the benchmark's class path and the settings as
     * arguments; prints {@code api-port=<port>} once it listens.
     */
    public static final class ApiProcess {
        private ApiProcess() {}

        public static void main(String[] args) {
            var context = new SpringApplication(Api.class).run(args);
            System.out.println("api-port=" + context.getEnvironment().getProperty("local.server.port"));
            System.out.flush();
        }
    }
}
