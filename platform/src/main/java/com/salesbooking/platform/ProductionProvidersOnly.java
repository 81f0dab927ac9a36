package com.salesbooking.platform;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Stops a production process (the api or the worker jar) that is configured with the sandbox providers. The sandbox
 * serves {@code /dev/outbox}, every magic link sent, without authentication: only local mode (one JVM on the
 * developer's machine, {@code run-local.sh}) may run it, and local mode does not declare this check.
 *
 * <p>A bean factory post-processor, so it runs while the context is refreshed, before any bean exists and whether or
 * not beans are created lazily. Not a component: each production application declares it.
 */
public final class ProductionProvidersOnly implements BeanFactoryPostProcessor, EnvironmentAware {

    private final String process;
    private Environment environment;

    /** @param process the process's name for the message ("api", "worker") */
    public ProductionProvidersOnly(String process) {
        this.process = process;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String mode = environment.getProperty("booking.providers.mode", "real").trim();
        if ("sandbox".equalsIgnoreCase(mode)) {
            throw new IllegalStateException("booking.providers.mode (PROVIDERS_MODE) is sandbox, which the " + process
                    + " refuses: the sandbox providers publish every email, magic links included, at /dev/outbox"
                    + " without authentication and are for local mode (run-local.sh) only; set PROVIDERS_MODE=real"
                    + " with the Graph and Zoom credentials");
        }
    }
}
