package com.salesbooking.local.webhook;

import com.salesbooking.local.system.SystemTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one unauthenticated webhook request costs the database: the statements the request thread prepares do not grow
 * with the number of notifications it carries. A forged batch of a hundred unknown subscription ids is one look-up,
 * as is a batch of one (it was one per notification).
 */
@Import(WebhookIntakeQueriesTest.CountStatements.class)
class WebhookIntakeQueriesTest extends SystemTestSupport {

    /** SQL prepared on request threads (Tomcat's), oldest first. */
    static final Queue<String> REQUEST_STATEMENTS = new ConcurrentLinkedQueue<>();

    @Test
    void aBatchOfAHundredUnknownSubscriptionsCostsTheStatementsOfABatchOfOne() {
        List<String> one = statementsOf(batchForUnknownSubscriptions(1));
        List<String> hundred = statementsOf(batchForUnknownSubscriptions(GRAPH_BATCH_LIMIT));

        assertThat(one).as("a batch of one").hasSize(1);
        assertThat(one.get(0)).contains("graph_subscriptions");
        assertThat(hundred).as("a batch of a hundred").hasSameSizeAs(one);
    }

    /** The intake's own cap (GraphNotification.MAX_PER_REQUEST); above it the answer is 413 before any look-up. */
    static final int GRAPH_BATCH_LIMIT = 100;

    private List<String> statementsOf(String body) {
        REQUEST_STATEMENTS.clear();
        Response r = postRaw("/v1/webhooks/graph", body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return List.copyOf(REQUEST_STATEMENTS);
    }

    private static String batchForUnknownSubscriptions(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> """
                        {"subscriptionId":"%s","clientState":"guess","changeType":"updated","resource":"r",
                         "resourceData":{"@odata.etag":"W/\\"DwAAABYAAAA\\"","id":"event-%d"}}""".formatted(UUID.randomUUID(), i))
                .collect(Collectors.joining(",", "{\"value\":[", "]}"));
    }

    private Response postRaw(String path, String body) {
        return send(java.net.http.HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Wraps the application's DataSource so every statement a request thread prepares is recorded. */
    @TestConfiguration
    static class CountStatements {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof Counting) ? new Counting(ds) : bean;
                }
            };
        }
    }

    static final class Counting extends DelegatingDataSource {
        Counting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return recording(super.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return recording(super.getConnection(user, password));
        }

        private static Connection recording(Connection target) {
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare")
                                && args != null
                                && args.length > 0
                                && args[0] instanceof String sql
                                && Thread.currentThread().getName().startsWith("http-nio")) {
                            REQUEST_STATEMENTS.add(sql);
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
