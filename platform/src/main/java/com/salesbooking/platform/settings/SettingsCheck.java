package com.salesbooking.platform.settings;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.List;

/**
 * Checks every production setting ({@link Settings#ALL}) once the environment is complete and before the first bean
 * is created, and stops the start-up with one short message that names every missing or invalid variable (Spring
 * would otherwise fail on the first bean that needs one, e.g. "Failed to configure a DataSource", one at a time).
 * {@link SettingsFailureAnalyzer} prints it without a stack trace; the process exits non-zero.
 * <p>
 * On in the production apps ({@code booking.settings-check.enabled: true} in the api's and the worker's
 * application.yml); local mode and the test contexts supply their settings themselves and bind fewer beans.
 * Registered in META-INF/spring.factories, as an {@link ApplicationPreparedEvent} listener rather than an
 * EnvironmentPostProcessor: by then test property sources are in place too.
 */
public class SettingsCheck implements ApplicationListener<ApplicationPreparedEvent> {

    static final String ENABLED = "booking.settings-check.enabled";

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
        if (!environment.getProperty(ENABLED, Boolean.class, false)) {
            return;
        }
        List<String> problems = Settings.problems(environment, Settings.ALL);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** Every setting that is missing or invalid, one per line. */
    public static class InvalidSettingsException extends IllegalStateException {
        private final List<String> problems;

        public InvalidSettingsException(List<String> problems) {
            super("Invalid configuration: " + problems.size() + " setting(s) missing or invalid:\n  "
                    + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
