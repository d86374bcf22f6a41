package org.roadscan.api.testing;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromedriver, for tests of the page in a real
 * browser. CI installs both ({@code .ci/run}: packages {@code chromium chromium-driver}) and sets
 * {@code CI}: there a missing browser fails the test; elsewhere the browser test is skipped.
 *
 * <p>The browser is cut off from every host but localhost ({@code --host-resolver-rules}), like
 * a page on an isolated city network: map tiles from outside never load, whether or not the
 * machine running the test is online.
 */
public final class Chromium {

  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {
  }

  /** Skips the calling test where chromium or chromedriver is missing, fails it where CI is set. */
  public static void requireInstalled() {
    boolean installed = BROWSER.toFile().canExecute() && DRIVER.toFile().canExecute();
    if (!installed && System.getenv("CI") != null) {
      throw new AssertionError(BROWSER + " or " + DRIVER
          + " missing but CI is set: install the packages chromium and chromium-driver");
    }
    Assumptions.assumeTrue(installed, BROWSER + " or " + DRIVER + " is not installed (packages"
        + " chromium, chromium-driver); the browser test runs on CI, where they are");
  }

  /**
   * Starts a headless browser with a fresh profile in {@code profileDir} and the given window
   * size (CSS pixels); quit it when done.
   */
  public static ChromeDriver start(Path profileDir, int widthPx, int heightPx) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // the page's console, for tests that check it stays free of script errors
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--lang=en-US", "--force-device-scale-factor=1",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
        "--window-size=" + widthPx + "," + heightPx,
        "--user-data-dir=" + profileDir.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
