package com.salesbooking.local.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Playwright driving the system's Chromium (Debian's {@code chromium} package): Playwright's own browser download
 * needs hosts that CI and these machines cannot reach, so it is switched off and the executable named. Where the
 * executable is missing the tests fail, saying what to install: a browser test that skips would look green and
 * prove nothing.
 */
public final class Chromium {

    /** {@code -Dbrowser.chromium=/path} or {@code CHROMIUM_PATH}; Debian's package by default. */
    public static Path executable() {
        String setting = System.getProperty(
                "browser.chromium", System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        return Paths.get(setting);
    }

    /** A headless Chromium; the caller closes the Playwright (which closes the browser). */
    public static Browser launch(Playwright playwright) {
        Path executable = executable();
        if (!Files.isExecutable(executable)) {
            throw new AssertionError("No Chromium at " + executable + ": the browser tests need one. Install Debian's "
                    + "package (apt-get update && apt-get install -y chromium; .ci/run does this), or point "
                    + "-Dbrowser.chromium / CHROMIUM_PATH at a Chromium executable.");
        }
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(executable)
                        .setHeadless(true)
                        // the sandbox needs user namespaces that containers (and root) do not get; the rest keeps a
                        // headless run quiet and offline: no GPU, no update checks, no first-run pages
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--no-first-run")));
    }

    public static Playwright playwright() {
        return Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    private Chromium() {}
}
