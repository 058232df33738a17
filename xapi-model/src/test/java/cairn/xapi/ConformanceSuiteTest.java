package cairn.xapi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every templated statement case of the ADL LRS conformance suite (the referee) through
 * {@link StatementValidator}: cases the suite expects 200 for must pass, 400 cases must throw.
 * The suite's templates are expanded by {@code conformance-cases.js} with node. Skipped when the
 * suite checkout (system property {@code xapi.conformance.suite}, default
 * {@code /work/conformance/suite}) or node is missing.
 */
class ConformanceSuiteTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> version_1_0_3() throws Exception {
    return cases("v1_0_3", XapiVersion.V1_0_3);
  }

  @TestFactory
  Stream<DynamicTest> version_2_0() throws Exception {
    return cases("v2_0", XapiVersion.V2_0_0);
  }

  private static Stream<DynamicTest> cases(String dir, XapiVersion version) throws Exception {
    Path suite = Path.of(System.getProperty("xapi.conformance.suite", "/work/conformance/suite"));
    Path script = Path.of("src/test/conformance/conformance-cases.js").toAbsolutePath();
    assumeTrue(Files.isDirectory(suite.resolve("test").resolve(dir)), "no conformance suite");
    JsonNode cases = expand(script, suite, dir);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      int expect = c.get("expect").asInt();
      JsonNode body = c.get("statement");
      tests.add(DynamicTest.dynamicTest(expect + " " + name, () -> {
        if (expect == 200) {
          assertThatCode(() -> validateAll(body, version)).doesNotThrowAnyException();
        } else {
          assertThatThrownBy(() -> validateAll(body, version))
              .isInstanceOf(InvalidStatementException.class);
        }
      }));
    }
    return tests.stream();
  }

  private static void validateAll(JsonNode body, XapiVersion version) {
    if (body.isArray()) {
      body.forEach(s -> StatementValidator.validate(s, version));
    } else {
      StatementValidator.validate(body, version);
    }
  }

  private static JsonNode expand(Path script, Path suite, String dir) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("node", script.toString(), suite.toString(), dir)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException noNode) {
      assumeTrue(false, "node is not installed");
      throw noNode;
    }
    JsonNode cases = JSON.readTree(p.getInputStream());
    assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "case expansion failed");
    return cases;
  }
}
