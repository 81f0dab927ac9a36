package com.salesbooking.api.page;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The pages' strings, one bundle per language ({@code pages/messages_en.properties}, {@code _de}), read as UTF-8.
 * The server picks the language from Accept-Language (the browser's own preference order); the page gets the
 * whole bundle of that language, so markup and scripts hold no text of their own. English is the fallback, and a
 * key missing from German falls back to English, so a new string never shows up as its key.
 */
@Component
public class PageMessages {

    static final List<String> LANGUAGES = List.of("en", "de");
    private static final String FALLBACK = "en";

    private final Map<String, Map<String, String>> bundles = new LinkedHashMap<>();

    public PageMessages() {
        Map<String, String> english = load(FALLBACK);
        for (String language : LANGUAGES) {
            Map<String, String> merged = new TreeMap<>(english);
            merged.putAll(load(language));
            bundles.put(language, Collections.unmodifiableMap(merged));
        }
    }

    /** The first supported language in the request's Accept-Language order, else English. */
    public String language(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") != null) {
            Enumeration<Locale> locales = request.getLocales();
            while (locales.hasMoreElements()) {
                String language = locales.nextElement().getLanguage();
                if (bundles.containsKey(language)) {
                    return language;
                }
            }
        }
        return FALLBACK;
    }

    public Map<String, String> bundle(String language) {
        return bundles.getOrDefault(language, bundles.get(FALLBACK));
    }

    private static Map<String, String> load(String language) {
        String path = "/pages/messages_" + language + ".properties";
        try (InputStream in = PageMessages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing message bundle " + path);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> map = new TreeMap<>();
            properties.forEach((k, v) -> map.put((String) k, (String) v));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
