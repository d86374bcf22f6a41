package org.roadscan.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.roadscan.api.Main;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.Chromium;
import org.roadscan.api.testing.TestService;

/**
 * Issue #29: the road department's page in a real browser (headless Chromium through
 * chromedriver) against the real service: embedded PostgreSQL, the shipped model, the sample
 * photos of {@code sample-images/} uploaded over HTTP. The page is used as people use it: the
 * map and the ranked list, a damage opened with its evidence, its status changed (and a change
 * made meanwhile shown as a conflict), a photo uploaded through the page's file input and its
 * damage appearing without a reload, the German labels, a tablet's width.
 *
 * <p>Each main view is saved as a PNG in {@code docs/screenshots/} (overwritten each run), which
 * the README shows. One service and one browser for the whole class; the tests run in order and
 * build on each other's state, as a user's session would. The page is signed in with a link
 * ({@code /#token=…}, issue #30): the admin token, the road department's for status changes, a
 * viewer's to show what a role that may only read is offered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PageBrowserTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");
  private static final Path MODEL = Path.of("..", "models", "roadscan-damage");
  private static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");
  private static final long JOB_TIMEOUT_MS = 180_000;
  private static final Duration UI_WAIT = Duration.ofSeconds(30);
  private static final Duration ANALYSIS_WAIT = Duration.ofSeconds(180);
  private static final List<String> PRELOADED = List.of(
      "gelsenkirchen-bochumer-str-pothole.jpg", "gelsenkirchen-bochumer-str-pothole-rain.jpg",
      "gelsenkirchen-cranger-str-pothole.jpg", "gelsenkirchen-ueckendorfer-str-pothole-nadir.jpg",
      "gelsenkirchen-grothusstr-pothole-oblique-djixmp.jpg");
  private static final String VEHICLE = "gelsenkirchen-wanner-str-pothole-vehicle.jpg";
  /** Uploaded through the page; it lies inside the view the preloaded damages open the map on. */
  private static final String UPLOADED = "gelsenkirchen-kurt-schumacher-str-pothole.jpg";

  private static Vertx vertx;
  private static WebClient client;
  private static int port;
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void start(@TempDir Path dataDir, @TempDir Path profileDir) throws IOException {
    Chromium.requireInstalled();
    vertx = Vertx.vertx();
    AppConfig config = TestService.config(dataDir, null, Map.of(
        AppConfig.MODEL_DIR, MODEL.toString(), AppConfig.WORKERS, "2"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, Main::loadAnalyzer,
        Main.captureValidator());
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    client = TestService.client(vertx);
    long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MS;
    while (await(get("/health")).statusCode() != 200) {
      assertThat(System.currentTimeMillis()).as("health within timeout").isLessThan(deadline);
      await(vertx.timer(100));
    }
    MultipartForm photos = MultipartForm.create();
    for (String name : PRELOADED) {
      photos.binaryFileUpload("image", name, SAMPLES.resolve(name).toString(), "image/jpeg");
    }
    List<String> jobs = new ArrayList<>(accept(photos));
    JsonObject vehicleProfile = new JsonObject(Files.readString(SAMPLES.resolve(
        VEHICLE.replace(".jpg", ".expected.json")))).getJsonObject("profile");
    jobs.addAll(accept(MultipartForm.create().attribute("profile", vehicleProfile.encode())
        .binaryFileUpload("image", VEHICLE, SAMPLES.resolve(VEHICLE).toString(), "image/jpeg")));
    for (String job : jobs) {
      assertThat(finish(job).getString("state")).as(job).isEqualTo("done");
    }
    browser = Chromium.start(profileDir, 1400, 900);
    // The list redraws when the map moves: an element found a moment ago may be gone.
    wait = new WebDriverWait(browser, UI_WAIT);
    wait.ignoring(StaleElementReferenceException.class);
    Files.createDirectories(SCREENSHOTS);
    signIn(TestService.ADMIN_TOKEN);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  @Order(1)
  void thePageIsServedWithItsPolicyAndUnknownApiPathsStayProblems() {
    HttpResponse<Buffer> page = await(get("/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'")
        .contains("img-src 'self' data: blob: https://tile.openstreetmap.org")
        .contains("frame-ancestors 'none'");
    assertThat(page.bodyAsString()).contains("/vendor/leaflet/leaflet.js", "/app/js/main.js",
        "href=\"/api\"");
    HttpResponse<Buffer> leaflet = await(get("/vendor/leaflet/leaflet.js"));
    assertThat(leaflet.statusCode()).isEqualTo(200);
    assertThat(leaflet.getHeader("Content-Type")).contains("javascript");
    assertThat(await(get("/app/js/main.js")).getHeader("Content-Type")).contains("javascript");
    for (String path : List.of("/v1/no-such-route", "/app/no-such-file.js",
        "/vendor/leaflet/no-such-file.js")) {
      HttpResponse<Buffer> missing = await(get(path));
      assertThat(missing.statusCode()).as(path).isEqualTo(404);
      assertThat(missing.getHeader("Content-Type")).as(path)
          .startsWith("application/problem+json");
    }
  }

  @Test
  @Order(2)
  void theOverviewDrawsEveryOpenDamageOnThePlainMapAndRanksThemInTheList() throws IOException {
    List<Long> ranked = openRepairIds();
    assertThat(ranked).as("open, plausible damages of the samples").hasSizeGreaterThanOrEqualTo(4);

    browser.get(base() + "/");
    // No tile server is reachable: the plain background takes over.
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-background", "plain"));
    wait.until(d -> rowIds().size() == ranked.size());
    assertThat(rowIds()).as("the list in the service's priority order").isEqualTo(ranked);
    assertThat(browser.findElement(By.id("map")).getAttribute("data-damages"))
        .isEqualTo(String.valueOf(ranked.size()));
    assertThat(console()).as("the page tried the tile server and was refused")
        .anySatisfy(entry -> assertThat(entry).contains("tile.openstreetmap.org"));
    // every damage is on the map: a marker of its own or counted in a cluster
    wait.until(d -> markedDamages() == ranked.size());

    List<Double> scores = new ArrayList<>();
    for (WebElement score : browser.findElements(By.cssSelector("#repair-list .score-value"))) {
      scores.add(Double.parseDouble(score.getText()));
    }
    for (int i = 1; i < scores.size(); i++) {
      assertThat(scores.get(i)).isLessThanOrEqualTo(scores.get(i - 1));
    }
    WebElement firstBar = browser.findElement(By.cssSelector("#repair-list .parts-bar"));
    assertThat(firstBar.getAttribute("aria-label")).contains("Severity 35");
    assertThat(browser.findElement(By.cssSelector("#repair-list .parts-text")).getText())
        .contains("Severity 35");

    // the downloads are exactly what the list shows, in its order
    String csvLink = browser.findElement(By.id("download-csv")).getAttribute("href");
    assertThat(csvLink).contains("/v1/repairs.csv?bbox=");
    String csv = await(get(csvLink.substring(csvLink.indexOf("/v1/")))).bodyAsString();
    List<Long> csvIds = new ArrayList<>();
    String[] lines = csv.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      csvIds.add(Long.parseLong(lines[i].split(",", 2)[0]));
    }
    assertThat(csvIds).isEqualTo(ranked);
    String geoJsonLink = browser.findElement(By.id("download-geojson")).getAttribute("href");
    assertThat(geoJsonLink.substring(geoJsonLink.indexOf('?')))
        .isEqualTo(csvLink.substring(csvLink.indexOf('?')));

    screenshot("overview");

    // a filter narrows map, list and downloads alike
    browser.findElement(By.cssSelector("#filters-box summary")).click();
    new Select(browser.findElement(By.id("filter-grade"))).selectByValue("4.5");
    List<Long> severe = repairIds("minGrade=4.5");
    assertThat(severe.size()).isLessThan(ranked.size());
    wait.until(d -> rowIds().equals(severe));
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-damages",
        String.valueOf(severe.size())));
    assertThat(browser.findElement(By.id("download-csv")).getAttribute("href"))
        .contains("minGrade=4.5");
    browser.findElement(By.id("filter-reset")).click();
    wait.until(d -> rowIds().equals(ranked));
    browser.findElement(By.cssSelector("#filters-box summary")).click();

    // the list sorts as the service does
    browser.findElement(By.cssSelector("#sort button[data-sort=lastSeen]")).click();
    List<Long> byLastSeen = repairIds("sort=lastSeen");
    wait.until(d -> rowIds().equals(byLastSeen));
    assertThat(browser.findElement(By.id("download-csv")).getAttribute("href"))
        .contains("sort=lastSeen");
    browser.findElement(By.cssSelector("#sort button[data-sort=priority]")).click();
    wait.until(d -> rowIds().equals(ranked));
  }

  @Test
  @Order(3)
  void aDamageOpensWithItsSightingsScorePartsAndAuditTrail() throws IOException {
    long top = openRepairIds().get(0);
    JsonObject damage = await(get("/v1/damages/" + top)).bodyAsJsonObject();
    row(top).click();

    waitForDetail(top);
    assertThat(browser.findElement(By.id("detail-title")).getText()).isEqualTo("Pothole #" + top);
    assertThat(browser.findElement(By.id("detail-status")).getAttribute("data-status"))
        .isEqualTo("new");
    assertThat(browser.findElements(By.cssSelector("#detail-observations tbody tr")))
        .hasSize(damage.getJsonArray("observations").size());
    assertThat(browser.findElements(By.cssSelector("#detail-parts tbody tr"))).hasSize(6);
    assertThat(browser.findElement(By.id("detail-parts")).getText()).contains("D40 pothole");
    assertThat(browser.findElements(By.cssSelector("#detail-events li"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#map .selection-ring"))).hasSize(1);
    wait.until(d -> d.findElement(By.cssSelector("#repair-list li[data-id='" + top + "']"))
        .getAttribute("class").contains("selected"));

    // zoomed in, damages are drawn as their footprints, read from their pages
    browser.findElement(By.id("detail-show-on-map")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#map path.damage-footprint.measured"))
        .isEmpty());
    waitForPicture();
    screenshot("damage-detail");
    browser.findElement(By.id("fit-all")).click();
    wait.until(d -> browser.findElements(By.cssSelector("#map path.damage-footprint")).isEmpty());
  }

  /**
   * The picture of a sighting comes from the service ({@code /v1/observations/{id}/image}, the
   * excerpt with the box drawn in): it must load, and its alt text says what it shows.
   */
  @Test
  @Order(4)
  void theDamagesPictureIsTheServicesExcerptWithTheBoxDrawnIn() {
    long top = openRepairIds().get(0);
    openInBrowser(top);
    WebElement image = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.id("detail-image")));
    wait.until(d -> naturalWidth(image) > 0);
    assertThat(image.getAttribute("data-source")).contains("/v1/observations/").contains("/image");
    assertThat(image.getAttribute("src")).as("fetched with the token, shown from a blob")
        .startsWith("blob:");
    assertThat(image.getAttribute("alt")).contains("Pothole").contains("box");

    // the whole photo, its box drawn in
    browser.findElement(By.cssSelector("#detail-body .picture button[aria-pressed=false]")).click();
    wait.until(d -> d.findElement(By.id("detail-image")).getAttribute("data-source")
        .contains("view=frame"));
    wait.until(d -> naturalWidth(d.findElement(By.id("detail-image"))) > 0);
    assertThat(browser.findElement(By.id("detail-image")).getAttribute("alt"))
        .contains("whole photo");
    browser.findElement(By.cssSelector("#detail-body .picture button[aria-pressed=false]")).click();
    wait.until(d -> !d.findElement(By.id("detail-image")).getAttribute("data-source")
        .contains("view=frame"));
  }

  @Test
  @Order(5)
  void aStatusChangeIsSavedWithItsCommentAndShownInTheAuditTrail() {
    // from here on the road department's token: it may change statuses and upload
    signIn(await(TestService.token(client, port, "roaddept", "A. Schmidt, Tiefbauamt")));
    long id = openRepairIds().get(1);
    int version = await(get("/v1/damages/" + id)).bodyAsJsonObject().getInteger("version");
    closeDetail();
    // the keyboard path: the list row is a button
    wait.until(d -> rowIds().contains(id));
    row(id).sendKeys(Keys.ENTER);
    waitForDetail(id);

    // no name to type: the audit trail records the token's
    assertThat(browser.findElements(By.id("actor"))).isEmpty();
    assertThat(browser.findElement(By.id("actor-help")).getText())
        .contains("A. Schmidt, Tiefbauamt");
    browser.findElement(By.id("comment")).sendKeys("seen on site, 40 cm across");
    browser.findElement(By.cssSelector("#detail-actions button[data-to=confirmed]")).click();

    wait.until(ExpectedConditions.attributeToBe(By.id("detail-status"), "data-status",
        "confirmed"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-events"),
        "seen on site, 40 cm across"));
    assertThat(browser.findElement(By.id("detail-events")).getText())
        .contains("A. Schmidt, Tiefbauamt");
    assertThat(browser.findElement(By.id("detail-message")).getText()).contains("confirmed");
    JsonObject stored = await(get("/v1/damages/" + id)).bodyAsJsonObject();
    assertThat(stored.getString("status")).isEqualTo("confirmed");
    assertThat(stored.getInteger("version")).isEqualTo(version + 1);
    // the list follows: the row now says confirmed
    wait.until(d -> row(id).findElement(By.cssSelector(".status-chip")).getAttribute("class")
        .contains("status-confirmed"));
  }

  @Test
  @Order(6)
  void aChangeMadeMeanwhileIsShownAsAConflictAndReloadShowsIt() throws IOException {
    long id = openRepairIds().get(2);
    openInBrowser(id);
    assertThat(browser.findElement(By.id("detail-status")).getAttribute("data-status"))
        .isEqualTo("new");
    // someone else confirms it while the page shows it
    int version = await(get("/v1/damages/" + id)).bodyAsJsonObject().getInteger("version");
    WebClient weber = TestService.client(vertx,
        await(TestService.token(client, port, "roaddept", "B. Weber, Bauhof")));
    HttpResponse<Buffer> meanwhile = await(weber.patch(port, "localhost", "/v1/damages/" + id)
        .putHeader("If-Match", "\"" + version + "\"")
        .putHeader("Content-Type", "application/json")
        .sendJsonObject(new JsonObject().put("status", "confirmed")));
    assertThat(meanwhile.statusCode()).as(meanwhile.bodyAsString()).isEqualTo(200);

    browser.findElement(By.id("comment")).sendKeys("no damage, a shadow");
    browser.findElement(By.cssSelector("#detail-actions button[data-to=rejected]")).click();

    WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.id("detail-conflict")));
    assertThat(conflict.getText()).contains("Changed meanwhile")
        .contains("version " + (version + 1)).contains("not saved");
    assertThat(await(get("/v1/damages/" + id)).bodyAsJsonObject().getString("status"))
        .as("the page's change did not overwrite the other one").isEqualTo("confirmed");
    screenshot("damage-conflict");

    browser.findElement(By.id("detail-reload")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("detail-status"), "data-status",
        "confirmed"));
    assertThat(browser.findElement(By.id("detail-events")).getText()).contains("B. Weber");
    assertThat(browser.findElement(By.id("comment")).getAttribute("value"))
        .as("the comment typed survives the reload").isEqualTo("no damage, a shadow");
    assertThat(browser.findElements(By.cssSelector("#detail-conflict:not([hidden])"))).isEmpty();
  }

  @Test
  @Order(7)
  void aPhotoUploadedThroughThePageAddsItsDamageWithoutAReload() throws IOException {
    // Escape closes the damage
    browser.findElement(By.id("detail-title")).sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
    Set<Long> before = new HashSet<>(openRepairIds());
    wait.until(d -> rowIds().size() == before.size());
    int onMapBefore = Integer.parseInt(browser.findElement(By.id("map"))
        .getAttribute("data-damages"));
    browser.executeScript("window.roadscanSamePage = true;");

    browser.findElement(By.id("upload-open")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-panel")));
    browser.findElement(By.id("upload-files"))
        .sendKeys(SAMPLES.resolve(UPLOADED).toAbsolutePath().normalize().toString());
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-selection"),
        UPLOADED));
    browser.findElement(By.id("upload-start")).click();

    new WebDriverWait(browser, ANALYSIS_WAIT).until(ExpectedConditions.attributeToBe(
        By.id("upload-panel"), "data-state", "done"));
    assertThat(browser.findElement(By.id("upload-state")).getText())
        .contains("Done: 1 analysed, 0 failed");
    // the survey's events came through its SSE stream, to the last
    wait.until(ExpectedConditions.attributeToBe(By.id("upload-panel"), "data-last-event",
        "survey-done"));
    assertThat(((Number) browser.executeScript(
        "return document.getElementById('upload-bytes').value;")).intValue()).isEqualTo(100);
    screenshot("upload-progress");

    List<Long> after = openRepairIds();
    List<Long> added = after.stream().filter(id -> !before.contains(id)).toList();
    assertThat(added).as("the uploaded photo's pothole is a new damage").isNotEmpty();
    wait.until(d -> rowIds().containsAll(added));
    wait.until(d -> Integer.parseInt(d.findElement(By.id("map")).getAttribute("data-damages"))
        == onMapBefore + added.size());
    assertThat(browser.executeScript("return window.roadscanSamePage === true;"))
        .as("the page was not reloaded").isEqualTo(true);
    long survey = Long.parseLong(browser.findElement(By.id("upload-panel"))
        .getAttribute("data-survey"));
    JsonObject done = await(get("/v1/surveys/" + survey)).bodyAsJsonObject();
    assertThat(done.getInteger("processed")).isEqualTo(1);
    browser.findElement(By.id("upload-close")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("upload-panel")));
  }

  /**
   * The survey and last-seen filters ask the service with its {@code survey} and {@code datetime}
   * parameters (skipped while the service does not know them yet).
   */
  @Test
  @Order(8)
  void theSurveyAndDateFiltersNarrowTheListAsTheServiceDoes() {
    long survey = Long.parseLong(browser.findElement(By.id("upload-panel"))
        .getAttribute("data-survey"));
    Assumptions.assumeTrue(await(get("/v1/repairs?survey=" + survey)).statusCode() == 200,
        "the service has no survey filter on /v1/repairs yet");
    List<Long> ranked = openRepairIds();
    browser.findElement(By.cssSelector("#filters-box summary")).click();

    wait.until(d -> !d.findElements(By.cssSelector("#filter-survey option[value='" + survey
        + "']")).isEmpty());
    new Select(browser.findElement(By.id("filter-survey"))).selectByValue(String.valueOf(survey));
    List<Long> ofSurvey = repairIds("survey=" + survey);
    assertThat(ofSurvey).isNotEmpty().hasSizeLessThan(ranked.size());
    wait.until(d -> rowIds().equals(ofSurvey));
    assertThat(browser.findElement(By.id("download-csv")).getAttribute("href"))
        .contains("survey=" + survey);
    browser.findElement(By.id("filter-reset")).click();
    wait.until(d -> rowIds().equals(ranked));

    // last seen from 2026-10-20 (the browser's midnight, the same zone as this JVM)
    browser.executeScript("const from = document.getElementById('filter-from');"
        + " from.value = '2026-10-20'; from.dispatchEvent(new Event('change', {bubbles: true}));");
    String start = LocalDate.parse("2026-10-20").atStartOfDay(ZoneId.systemDefault())
        .toInstant().toString();
    List<Long> recent = repairIds("datetime=" + start + "/..");
    wait.until(d -> rowIds().equals(recent));
    assertThat(recent).hasSizeLessThan(ranked.size());
    browser.findElement(By.id("filter-reset")).click();
    wait.until(d -> rowIds().equals(ranked));
    browser.findElement(By.cssSelector("#filters-box summary")).click();
  }

  @Test
  @Order(9)
  void theLabelsSwitchToGermanAndBack() throws IOException {
    browser.findElement(By.id("lang-toggle")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "de"));
    // the list re-renders after the switch: wait on the texts (re-found each time) instead of
    // reading an element the re-render may replace (stale element, seen under load)
    wait.until(ExpectedConditions.textToBe(By.id("list-heading"), "Reparaturliste"));
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#repair-list .cls"), "Schlagloch"));
    wait.until(ExpectedConditions.textToBe(By.id("upload-open"), "Hochladen"));
    long top = openRepairIds().get(0);
    openInBrowser(top);
    assertThat(browser.findElement(By.id("detail-title")).getText())
        .isEqualTo("Schlagloch Nr. " + top);
    waitForPicture();
    screenshot("german");

    browser.findElement(By.id("detail-close")).click();
    browser.findElement(By.id("lang-toggle")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
    wait.until(ExpectedConditions.textToBe(By.id("list-heading"), "Repair list"));
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#repair-list .cls"), "Pothole"));
  }

  @Test
  @Order(10)
  void onATabletTheMapSitsAboveTheList() throws IOException {
    browser.manage().window().setSize(new Dimension(820, 1180));
    browser.get(base() + "/");
    int rows = openRepairIds().size();
    wait.until(d -> rowIds().size() == rows);
    WebElement map = browser.findElement(By.id("map"));
    WebElement list = browser.findElement(By.id("list-heading"));
    assertThat(map.getRect().getY() + map.getRect().getHeight())
        .isLessThanOrEqualTo(list.getRect().getY());
    assertThat(map.getRect().getWidth()).isGreaterThan(700);
    screenshot("tablet");
    browser.manage().window().setSize(new Dimension(1400, 900));
  }

  @Test
  @Order(11)
  void aLinkWithATokenSignsInWithoutLeavingTheTokenInTheAddressAndOffersWhatItsRoleMay() {
    String viewer = await(TestService.token(client, port, "viewer", "Stadtplanung"));
    signIn(viewer);
    wait.until(d -> !rowIds().isEmpty());
    assertThat(browser.executeScript("return sessionStorage.getItem('roadscan.token');"))
        .isEqualTo(viewer);
    assertThat(browser.findElement(By.id("signed-in")).getText()).contains("Stadtplanung")
        .contains("viewer");
    assertThat(browser.findElement(By.id("signout")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("signin-open")).isDisplayed()).isFalse();
    // a viewer reads the register: no upload, no CSV export, no status change
    assertThat(browser.findElement(By.id("upload-open")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("download-csv")).isDisplayed()).isFalse();
    long top = openRepairIds().get(0);
    openInBrowser(top);
    assertThat(browser.findElements(By.id("detail-actions"))).isEmpty();
    closeDetail();

    browser.findElement(By.id("signout")).click();
    assertThat(browser.executeScript("return sessionStorage.getItem('roadscan.token');"))
        .isNull();
    // signed out, every API route answers 401: the sign-in form is up; sign in as admin again
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-dialog")));
    browser.findElement(By.id("signin-token")).sendKeys(TestService.ADMIN_TOKEN);
    browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("signin-dialog")));
    wait.until(d -> !rowIds().isEmpty());
    assertThat(browser.findElement(By.id("upload-open")).isDisplayed()).isTrue();
  }

  /** Opens the page with a sign-in link and waits until the token left the address. */
  private static void signIn(String token) {
    browser.get(base() + "/#token=" + token);
    wait.until(d -> "".equals(browser.executeScript("return window.location.hash;")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in")));
  }

  @Test
  @Order(12)
  void theListPagesOnWithTheServicesCursor() {
    List<Long> ranked = openRepairIds();
    browser.get(base() + "/?limit=3");
    wait.until(d -> rowIds().size() == 3);
    assertThat(browser.findElement(By.id("list-count")).getText()).contains("more below");
    while (browser.findElement(By.id("list-more")).isDisplayed()) {
      int shown = rowIds().size();
      browser.findElement(By.id("list-more")).click();
      wait.until(d -> rowIds().size() > shown);
    }
    assertThat(rowIds()).isEqualTo(ranked);
    assertThat(browser.findElement(By.id("list-count")).getText())
        .isEqualTo(ranked.size() + " damages shown");
  }

  /**
   * A large selection goes out in several media requests (the service answers a request once its
   * photos are anonymised, so one request for a whole survey would outlast the idle timeout): the
   * page's own {@code batches} over a planned selection of 9 photos, a ZIP, a video with its
   * telemetry and a stray track.
   */
  @Test
  @Order(13)
  void aLargeSelectionIsSentAFewPhotosPerRequestAndAVideoWithItsTelemetry() {
    browser.get(base() + "/");
    @SuppressWarnings("unchecked")
    List<List<String>> requests = (List<List<String>>) browser.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('/app/js/upload.js').then((m) => {
          const names = ['a.jpg', 'b.jpg', 'flight.MP4', 'c.jpg', 'd.jpg', 'e.jpg', 'f.jpg',
            'folder.zip', 'g.jpg', 'flight.SRT', 'h.jpg', 'i.jpg', 'walk.gpx'];
          const files = names.map((n) => new File(['x'], n));
          const { items } = m.plan(files);
          done(m.batches(items).map((b) => b.map((i) => i.file.name)));
        }).catch((e) => done([['error ' + e]]));
        """);
    assertThat(requests).containsExactly(
        List.of("flight.MP4", "flight.SRT"),
        List.of("a.jpg", "b.jpg", "c.jpg", "d.jpg"),
        List.of("folder.zip"),
        List.of("e.jpg", "f.jpg", "g.jpg", "h.jpg"),
        List.of("walk.gpx"),
        List.of("i.jpg"));
  }

  /** Whatever a test did, the page's console shows no script error and no CSP violation. */
  @AfterEach
  void noScriptErrorsOrBlockedContent() {
    if (browser != null) {
      console();
    }
  }

  /**
   * The console messages since the last call, checked for script errors and content the policy
   * blocked.
   */
  private static List<String> console() {
    List<String> messages = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      assertThat(entry.getMessage()).as("browser console")
          .doesNotContain("Uncaught").doesNotContain("Content Security Policy");
      messages.add(entry.getMessage());
    }
    return messages;
  }

  // ---------------------------------------------------------------- browser helpers

  private static String base() {
    return "http://localhost:" + port;
  }

  private static List<Long> rowIds() {
    List<Long> ids = new ArrayList<>();
    for (WebElement row : browser.findElements(By.cssSelector("#repair-list li.repair-row"))) {
      ids.add(Long.parseLong(row.getAttribute("data-id")));
    }
    return ids;
  }

  private static WebElement row(long id) {
    return browser.findElement(By.cssSelector("#repair-list li[data-id='" + id + "'] button"));
  }

  /** Damages the map shows: single markers plus the counts of the clusters. */
  private static int markedDamages() {
    int count = browser.findElements(By.cssSelector("#map .damage-marker")).size();
    for (WebElement cluster : browser.findElements(By.cssSelector("#map .damage-cluster"))) {
      count += Integer.parseInt(cluster.getText().trim());
    }
    return count;
  }

  private static void closeDetail() {
    if (browser.findElement(By.id("detail")).isDisplayed()) {
      browser.findElement(By.id("detail-close")).click();
      wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
    }
  }

  private static void openInBrowser(long id) {
    closeDetail();
    wait.until(d -> rowIds().contains(id));
    row(id).click();
    waitForDetail(id);
  }

  private static void waitForDetail(long id) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    wait.until(ExpectedConditions.attributeToBe(By.id("detail"), "data-id", String.valueOf(id)));
  }

  private static long naturalWidth(WebElement image) {
    return ((Number) ((JavascriptExecutor) browser).executeScript(
        "return arguments[0].complete ? arguments[0].naturalWidth : 0;", image)).longValue();
  }

  /** Lets a picture the detail shows finish loading before a screenshot (none: nothing to wait). */
  private static void waitForPicture() {
    List<WebElement> images = browser.findElements(By.id("detail-image"));
    if (!images.isEmpty()) {
      wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
          "return arguments[0].complete;", images.get(0)));
    }
  }

  /** Saves the page as docs/screenshots/NAME.png, with the pointer out of the way. */
  private static void screenshot(String name) throws IOException {
    new Actions(browser).moveToLocation(1, 1).perform();
    Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  // ---------------------------------------------------------------- HTTP helpers

  /** The default repair list's ids (open, plausible damages) in priority order. */
  private static List<Long> openRepairIds() {
    return repairIds("");
  }

  /** The repair list's ids for a query string (without limit). */
  private static List<Long> repairIds(String query) {
    JsonArray repairs = await(get("/v1/repairs?limit=500" + (query.isEmpty() ? "" : "&" + query)))
        .bodyAsJsonObject().getJsonArray("repairs");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < repairs.size(); i++) {
      ids.add(repairs.getJsonObject(i).getLong("id"));
    }
    return ids;
  }

  private static List<String> accept(MultipartForm form) {
    HttpResponse<Buffer> accepted = await(client.post(port, "localhost", "/v1/captures")
        .sendMultipartForm(form));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonArray jobs = accepted.bodyAsJsonObject().getJsonArray("jobs");
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      urls.add(jobs.getJsonObject(i).getString("url"));
    }
    return urls;
  }

  private static JsonObject finish(String url) {
    long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MS;
    while (true) {
      JsonObject job = await(get(url)).bodyAsJsonObject();
      String state = job.getString("state");
      if ("done".equals(state) || "failed".equals(state)) {
        return job;
      }
      assertThat(System.currentTimeMillis()).as(url + " still " + state).isLessThan(deadline);
      await(vertx.timer(100));
    }
  }

  private static Future<HttpResponse<Buffer>> get(String path) {
    return client.get(port, "localhost", path).send();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(JOB_TIMEOUT_MS,
          TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
