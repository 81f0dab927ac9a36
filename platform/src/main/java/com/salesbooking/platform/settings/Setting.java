package com.salesbooking.platform.settings;

import com.salesbooking.platform.BookingProperties.InvalidSettingException;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySourcesPropertyResolver;

import java.util.function.Predicate;

/**
 * One production setting as the start-up check sees it: the Spring property it is bound to, the environment variable
 * that feeds it (booking-defaults.yml maps one to the other), whether it must be present, and what makes a value
 * valid. Declared once, in {@link Settings#ALL}.
 *
 * @param property  the Spring property, e.g. {@code spring.datasource.url}
 * @param variable  the environment variable operators set, e.g. {@code DATABASE_URL}
 * @param expected  what a valid value looks like, said in the message when the value is missing or invalid
 * @param required  whether a blank value is an error (when {@code appliesWhen} holds)
 * @param appliesWhen the setting is checked only when this holds (e.g. Graph credentials only in real mode)
 * @param valid     the check of a non-blank value; it may read other settings (a key id among the keys)
 */
public record Setting(
        String property,
        String variable,
        String expected,
        boolean required,
        Predicate<PropertyResolver> appliesWhen,
        Rule valid) {

    /** What a rule that reads other settings sees when {@link #require} checks one bound value. */
    private static final PropertyResolver NO_OTHER_SETTINGS =
            new PropertySourcesPropertyResolver(new MutablePropertySources());

    /** Checks one non-blank value. */
    @FunctionalInterface
    public interface Rule {
        boolean test(String value, PropertyResolver settings);
    }

    /** Must be set and pass {@code rule}. */
    public static Setting required(String property, String variable, String expected, Rule rule) {
        return new Setting(property, variable, expected, true, settings -> true, rule);
    }

    /** May be blank (its default applies); when set, must pass {@code rule}. */
    public static Setting optional(String property, String variable, String expected, Rule rule) {
        return new Setting(property, variable, expected, false, settings -> true, rule);
    }

    /** The same setting, checked only when {@code condition} holds. */
    public Setting when(Predicate<PropertyResolver> condition) {
        return new Setting(property, variable, expected, required, condition, valid);
    }

    /**
     * The same rule for a value Spring has bound (defaults applied), as BookingProperties' records check it: a blank
     * value or one the rule refuses fails with the message that names the property and its variable. Unlike the
     * start-up check, the value is taken as bound (untrimmed).
     */
    public void require(String value) {
        boolean valid;
        try {
            valid = value != null && !value.isBlank() && this.valid.test(value, NO_OTHER_SETTINGS);
        } catch (RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw invalid();
        }
    }

    /** The failure that names this setting, its variable and what a valid value looks like. */
    public InvalidSettingException invalid() {
        return new InvalidSettingException(property, variable, expected);
    }

    /** Null when fine, else the problem in a few words ("missing" or "invalid"). */
    String problem(PropertyResolver settings) {
        if (!appliesWhen.test(settings)) {
            return null;
        }
        String value;
        try {
            value = settings.getProperty(property);
        } catch (IllegalArgumentException e) {
            // an unresolvable placeholder
            return "invalid";
        }
        if (value == null || value.isBlank()) {
            return required ? "missing" : null;
        }
        try {
            return valid.test(value.trim(), settings) ? null : "invalid";
        } catch (RuntimeException e) {
            return "invalid";
        }
    }
}
