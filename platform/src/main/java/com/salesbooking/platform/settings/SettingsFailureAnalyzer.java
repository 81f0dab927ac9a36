package com.salesbooking.platform.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a failed {@link SettingsCheck} as Spring's short "APPLICATION FAILED TO START" block, no stack trace. */
public class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<SettingsCheck.InvalidSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SettingsCheck.InvalidSettingsException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set the environment variables listed above (README, \"Configuration (production)\").",
                cause);
    }
}
