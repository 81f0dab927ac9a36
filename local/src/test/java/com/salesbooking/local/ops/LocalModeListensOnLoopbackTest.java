package com.salesbooking.local.ops;

import com.salesbooking.local.LocalServices;
import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.platform.health.TemporalHealthIndicator;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Base64;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode serves every magic link at /dev/outbox and runs an unauthenticated Temporal frontend: by default the
 * api and the Temporal service answer on the loopback interface only, never on the host's network address.
 */
class LocalModeListensOnLoopbackTest {

    private static TestWorkflowEnvironment temporal;

    /** A web server configured by local mode's own settings file (local.yml); nothing else of the application. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    // booking-defaults.yml puts it into the readiness group
    @Import(TemporalHealthIndicator.class)
    static class WebServerOnly {
        @Bean
        WorkflowClient workflowClient() {
            return temporal.getWorkflowClient();
        }
    }

    @Test
    void theApiAnswersOnLoopbackOnlyByDefault() {
        InetAddress network = nonLoopbackAddress();
        temporal = TestWorkflowEnvironment.newInstance();
        String url = EmbeddedDatabase.shared().newDatabase();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(WebServerOnly.class)
                .run(
                        // local mode's settings file, as the launcher reads it (command-line arguments as its system
                        // properties)
                        "--spring.config.name=local",
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username="
                                + EmbeddedDatabase.shared().username(),
                        "--spring.datasource.password="
                                + EmbeddedDatabase.shared().password(),
                        "--spring.liquibase.enabled=false",
                        "--booking.base-url=http://booking.test",
                        "--booking.temporal.address=127.0.0.1:7233",
                        "--booking.tokens.signing-keys=test:"
                                + Base64.getEncoder().encodeToString(new byte[32]),
                        "--booking.tokens.active-key-id=test")) {
            int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);

            assertThat(accepts(InetAddress.getLoopbackAddress(), port))
                    .as("loopback")
                    .isTrue();
            assertThat(accepts(network, port))
                    .as("the host's address " + network.getHostAddress())
                    .isFalse();
        } finally {
            temporal.close();
        }
    }

    @Test
    void theTemporalFrontendAnswersOnLoopbackOnlyByDefault() {
        InetAddress network = nonLoopbackAddress();
        try (LocalServices services = LocalServices.start(0, 0, LocalServices.DEFAULT_BIND_ADDRESS)) {
            int temporalPort = services.temporalPort();

            assertThat(accepts(InetAddress.getLoopbackAddress(), temporalPort))
                    .as("loopback")
                    .isTrue();
            assertThat(accepts(network, temporalPort))
                    .as("the host's address " + network.getHostAddress())
                    .isFalse();
        }
    }

    /** The host's first non-loopback IPv4 address; without one, nothing outside loopback exists to test against. */
    private static InetAddress nonLoopbackAddress() {
        Optional<InetAddress> found = Optional.empty();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                found = nic.inetAddresses()
                        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                        .findFirst();
                if (found.isPresent()) {
                    break;
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
        Assumptions.assumeTrue(found.isPresent(), "this host has no non-loopback IPv4 address");
        return found.get();
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
