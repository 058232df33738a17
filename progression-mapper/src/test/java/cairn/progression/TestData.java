package cairn.progression;

import cairn.web.Json;
import cairn.xapi.generator.Competency;
import cairn.xapi.generator.GeneratorOptions;
import cairn.xapi.generator.Person;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The shipped samples (docs/samples), re-targeted at a test's own organisation: its domain in every
 * activity and competency URI, and a fresh CFDocument identifier, so tests sharing one database
 * never see each other's data.
 */
public final class TestData {
  public static final String SAMPLE_DOMAIN = "northwind.example";
  public static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";

  public final String domain;
  public final String frameworkId;
  public final StatementGenerator generator;
  private final Map<String, String> replacements = new LinkedHashMap<>();

  public TestData(String domain, long seed, int learners, int teams, int months) {
    this.domain = domain;
    this.frameworkId = UUID.nameUUIDFromBytes(("framework/" + domain).getBytes()).toString();
    this.generator = new StatementGenerator(new GeneratorOptions(seed, learners, teams, LocalDate.of(2025, 1, 6), months,
        domain, 0.1, 3.0));
    StatementGenerator sample = new StatementGenerator(GeneratorOptions.defaults(1).withLearners(2, 1));
    for (Competency c : sample.competencies()) {
      Competency mine = generator.competencies().stream().filter(x -> x.name().equals(c.name())
          && x.function().equals(c.function())).findFirst().orElseThrow();
      replacements.put(c.uri(), mine.uri());
    }
    replacements.put(SAMPLE_DOC, frameworkId);
    replacements.put(SAMPLE_DOMAIN, domain);
  }

  /** A unique domain for a test class. */
  public static String domain(String name) {
    return name.toLowerCase() + "-" + Long.toHexString(System.nanoTime()) + ".example";
  }

  public ObjectNode sample(String file) {
    try {
      String text = Files.readString(Path.of("../docs/samples", file));
      for (var e : replacements.entrySet()) {
        text = text.replace(e.getKey(), e.getValue());
      }
      return (ObjectNode) Json.parse(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public ObjectNode framework() {
    return sample("swe-framework.json");
  }

  public ObjectNode rules() {
    return sample("swe-rules.json");
  }

  public ObjectNode ladder() {
    ObjectNode ladder = sample("swe-ladder.json");
    ladder.put("id", "swe-" + domain.replace('.', '-'));
    return ladder;
  }

  public String ladderId() {
    return "swe-" + domain.replace('.', '-');
  }

  /** The generated people as a directory import. */
  public ArrayNode people() {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (Person p : generator.people()) {
      list.add(person(p));
    }
    return list;
  }

  public static ObjectNode person(Person p) {
    ObjectNode json = Json.MAPPER.createObjectNode().put("id", personId(p)).put("name", p.name())
        .put("role", p.role()).put("function", p.function()).put("level", String.valueOf(p.level()))
        .put("team", p.team());
    ArrayNode agents = json.putArray("agents");
    agents.addObject().put("mbox", p.mbox());
    p.account().ifPresent(a -> agents.addObject().putObject("account").put("homePage", a.homePage()).put("name", a.name()));
    return json;
  }

  public static String personId(Person p) {
    return p.mbox().substring("mailto:".length());
  }

  public String item(String code) {
    for (JsonNode item : framework().path("CFItems")) {
      if (item.path("humanCodingScheme").asText().equals(code)) {
        return item.path("uri").asText();
      }
    }
    throw new IllegalArgumentException(code);
  }
}
