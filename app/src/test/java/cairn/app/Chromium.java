package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's {@code chromium-driver} (no browser
 * or driver is downloaded: {@code apt-get install chromium chromium-driver}), against a test server.
 * Pages are checked with axe-core 4.11 (its {@code axe.min.js}, from Deque's
 * {@code com.deque.html.axe-core:selenium} jar on the test class path, injected into the page
 * through the driver, which the page's Content-Security-Policy does not govern): a serious or
 * critical violation of WCAG 2.0, 2.1 or 2.2 A/AA fails the test. Screenshots go to
 * {@code target/screenshots}, and also to {@code docs/screenshots} when the build runs with
 * {@code -Dcairn.screenshots=docs}.
 */
final class Chromium implements AutoCloseable {
  static final String BINARY = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";
  private static final String AXE = "axe.min.js";
  private static String axeSource;

  final ChromeDriver driver;
  private final String base;

  Chromium(CairnServer server) {
    this(server, 1100, 900);
  }

  Chromium(CairnServer server, int width, int height) {
    assertThat(Path.of(BINARY)).as("the pages' tests need Debian's chromium: apt-get install chromium").exists();
    assertThat(Path.of(DRIVER)).as("the pages' tests need Debian's chromium-driver: apt-get install chromium-driver")
        .exists();
    ChromeOptions options = new ChromeOptions().setBinary(BINARY)
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=" + width + "," + height, "--lang=en-GB", "--disable-extensions",
            "--no-first-run", "--no-default-browser-check", "--password-store=basic");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(DRIVER).toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    base = "http://localhost:" + server.port();
  }

  /** Opens a path of the test server. */
  Chromium open(String path) {
    driver.get(path.startsWith("http") ? path : base + path);
    return this;
  }

  /**
   * Clicks what {@code css} names (a form's button, a link) and waits until the next page has loaded:
   * the old document gone and the new one's main content there.
   */
  Chromium click(String css) {
    return click(find(css));
  }

  Chromium click(WebElement element) {
    WebElement html = find("html");
    element.click();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.until(d -> gone(html));
    wait.until(d -> !d.findElements(By.cssSelector("main")).isEmpty());
    return this;
  }

  /**
   * Whether the page {@code html} belonged to has been replaced. Mid-navigation Chromium may answer
   * "Node with given id does not belong to the document" as an unknown error rather than a stale
   * element: that is gone too; any other error is asked again.
   */
  private static boolean gone(WebElement html) {
    try {
      html.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      return String.valueOf(e.getMessage()).contains("does not belong to the document");
    }
  }

  String path() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The text of the page's main content, as a person reads it. */
  String text() {
    return find("main").getText();
  }

  /** Signs in through the sign-in page's form (the one shown, else {@code /login}'s). */
  Chromium signIn(String email, String password) {
    if (!"/login".equals(path())) {
      open("/login");
    }
    find("#email").sendKeys(email);
    find("#password").sendKeys(password);
    click("form[action='/login'] button[type=submit]");
    assertThat(all("#email")).as("signed in, away from the sign-in form: " + text()).isEmpty();
    return this;
  }

  /**
   * Runs axe-core on the page and fails on every serious or critical violation of the WCAG 2.0, 2.1
   * and 2.2 A and AA rules and of axe's best practices, naming each rule and the elements it found.
   */
  Chromium accessible() {
    JavascriptExecutor js = driver;
    js.executeScript(axe());
    Object answer = js.executeAsyncScript("""
        var done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']}})
          .then(function (r) { done(JSON.stringify(r.violations)); }, function (e) { done('error: ' + e); });""");
    assertThat(answer.toString()).as("axe ran").doesNotStartWith("error");
    JsonNode violations = Json.tree(answer.toString());
    List<String> bad = new ArrayList<>();
    for (JsonNode v : violations) {
      String impact = v.path("impact").asText();
      if ("serious".equals(impact) || "critical".equals(impact)) {
        List<String> targets = new ArrayList<>();
        v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
        bad.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " " + targets);
      }
    }
    assertThat(bad).as("axe-core violations on " + driver.getCurrentUrl()).isEmpty();
    return this;
  }

  /** A full-page screenshot named {@code name}.png (see the class comment for where it goes). */
  Chromium screenshot(String name) {
    Dimension before = driver.manage().window().getSize();
    long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
    driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(6000, Math.max(height + 120,
        before.getHeight()))));
    driver.executeScript("window.scrollTo(0, 0)");
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    driver.manage().window().setSize(before);
    try {
      Path target = Path.of("target", "screenshots", name + ".png");
      Files.createDirectories(target.getParent());
      Files.write(target, png);
      if ("docs".equals(System.getProperty("cairn.screenshots"))) {
        Files.write(Path.of("..", "docs", "screenshots", name + ".png"), png);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private static synchronized String axe() {
    if (axeSource == null) {
      ClassLoader loader = Chromium.class.getClassLoader();
      String path = AXE;
      try (InputStream in = loader.getResourceAsStream(path)) {
        assertThat(in).as(path + " on the test class path (com.deque.html.axe-core:selenium)").isNotNull();
        axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return axeSource;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
