package com.salesbooking.platform;

import com.salesbooking.platform.metrics.TemporalSdkMetrics;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.GrpcCompression;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.io.File;
import java.time.Clock;

/**
 * What the api and the worker both need: the settings, the clock and the Temporal client. An
 * auto-configuration so that local mode and tests can supply their own clock and client (a
 * time-skipping test environment) and these back off.
 */
@AutoConfiguration
@EnableConfigurationProperties(BookingProperties.class)
public class PlatformAutoConfiguration {

    /** "Now" outside workflow code; tests replace it so nothing depends on today's date. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean({WorkflowServiceStubs.class, WorkflowClient.class})
    WorkflowServiceStubs workflowServiceStubs(
            BookingProperties properties, ObjectProvider<TemporalSdkMetrics> sdkMetrics, Environment environment)
            throws Exception {
        BookingProperties.Temporal temporal = properties.temporal();
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                // The SDK gzips every request by default. Ours are a few hundred bytes (ids, statuses and times,
                // never PII), so gzip saves nothing on the wire and costs a Deflater per call: a tenth of a
                // workflow start's CPU in the api (SplitModeBenchmark's profile). Replies are unaffected.
                .setGrpcCompression(GrpcCompression.NONE);
        // the SDK's metrics (client, worker, activity) go to /actuator/prometheus when a registry exists
        sdkMetrics.ifAvailable(metrics -> metrics.applyTo(options));
        if (temporal.mtls()) {
            SslContext ssl = GrpcSslContexts.forClient()
                    .keyManager(new File(temporal.tlsCertPath()), new File(temporal.tlsKeyPath()))
                    .build();
            options.setSslContext(ssl);
        } else if (temporal.hasApiKey() || environment.getProperty("booking.temporal.tls", Boolean.class, false)) {
            // Temporal Cloud API keys travel over TLS only; TEMPORAL_TLS: TLS without client credentials (JVM trust
            // store)
            options.setEnableHttps(true);
        }
        if (temporal.hasApiKey()) {
            options.addApiKey(temporal::apiKey);
        }
        // connects lazily: the api can start (and report not-ready) while Temporal is still coming up
        return WorkflowServiceStubs.newServiceStubs(options.build());
    }

    @Bean
    @ConditionalOnMissingBean
    WorkflowClient workflowClient(WorkflowServiceStubs stubs, BookingProperties properties) {
        return WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(properties.temporal().namespace())
                        .build());
    }
}
