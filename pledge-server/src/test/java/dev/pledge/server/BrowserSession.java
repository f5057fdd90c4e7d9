package dev.pledge.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven by Playwright, with the system executable: no browser is ever
 * downloaded. One per test class; close it in {@code @AfterAll}.
 */
public final class BrowserSession implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private final Playwright playwright;
  private final Browser browser;

  public BrowserSession() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(
          "The browser tests need Debian's Chromium at "
              + CHROMIUM
              + ": run .ci/install-test-tools (or apt-get install -y chromium).");
    }
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
  }

  /**
   * A person's desktop Chromium. Headless Chromium says "HeadlessChrome" in its user agent, which
   * analytics rightly drops as automation; tests that play a reader present a normal one.
   */
  public static final String DESKTOP_CHROME =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  /** A fresh context: no cookies, no storage, nothing shared with other tests. */
  public BrowserContext newContext() {
    return browser.newContext(new Browser.NewContextOptions().setUserAgent(DESKTOP_CHROME));
  }

  /** A fresh context with options of the test's choosing (JavaScript off, viewport …). */
  public BrowserContext newContext(Browser.NewContextOptions options) {
    return browser.newContext(options);
  }

  /** Saves a screenshot under target/screenshots for a person to look at. */
  public static Path screenshot(Page page, String name) {
    Path file = Path.of("target", "screenshots", name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
