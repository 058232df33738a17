package cairn.app.bench;

import static cairn.app.bench.Out.progress;

import cairn.xapi.generator.GeneratorOptions;
import cairn.xapi.generator.Person;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The organisation the progression benchmarks load into a running Cairn over its API: the sample
 * framework, evidence rules and career ladder ({@code docs/samples}), and the directory of a generated
 * organisation ({@link StatementGenerator}, as {@code CohortLoader} imports it), whose statements
 * then reach milestones on that ladder.
 */
final class Cohort {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SAMPLES = List.of("swe-framework.json", "swe-rules.json", "swe-ladder.json");

  private Cohort() {}

  /** The sample file missing from {@code samples}, if one is. */
  static Optional<Path> missingSample(Path samples) {
    return SAMPLES.stream().map(samples::resolve).filter(f -> !Files.isRegularFile(f)).findFirst();
  }

  /** {@code learners} people in teams of about 20, learning from January 2024 on, for ten years at most. */
  static StatementGenerator generator(long seed, int learners) {
    return new StatementGenerator(GeneratorOptions.defaults(seed)
        .withLearners(learners, Math.max(1, learners / 20)).withPeriod(LocalDate.of(2024, 1, 1), 120));
  }

  /** Imports the sample framework, declares its rules and the ladder. */
  static void importDefinitions(LrsClient client, Path samples) {
    progress("Importing the sample framework, rules and ladder from " + samples);
    try {
      JsonNode framework = JSON.readTree(client.post("/api/v1/frameworks",
          Files.readAllBytes(samples.resolve("swe-framework.json"))));
      String id = framework.get("id").asText();
      client.put("/api/v1/frameworks/" + id + "/rules", Files.readAllBytes(samples.resolve("swe-rules.json")));
      client.post("/api/v1/ladders", Files.readAllBytes(samples.resolve("swe-ladder.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Imports the generated people and {@code extra} directory entries, 500 per request. */
  static void importDirectory(LrsClient client, List<Person> people, List<ObjectNode> extra) {
    progress("Importing the directory: " + people.size() + " people" + (extra.isEmpty() ? "" : " and " + extra.size() + " more"));
    List<ObjectNode> all = new ArrayList<>();
    for (Person p : people) {
      ObjectNode json = entry(p.mbox().substring("mailto:".length()), p.name(), p.role(), p.function(),
          String.valueOf(p.level()), p.team(), p.mbox());
      p.account().ifPresent(acc -> ((ArrayNode) json.get("agents")).addObject().putObject("account")
          .put("homePage", acc.homePage()).put("name", acc.name()));
      all.add(json);
    }
    all.addAll(extra);
    for (int from = 0; from < all.size(); from += 500) {
      ArrayNode chunk = JSON.createArrayNode();
      all.subList(from, Math.min(all.size(), from + 500)).forEach(chunk::add);
      client.post("/api/v1/people", chunk.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A directory entry known by one mbox. */
  static ObjectNode entry(String id, String name, String role, String function, String level, String team, String mbox) {
    ObjectNode json = JSON.createObjectNode().put("id", id).put("name", name).put("role", role)
        .put("function", function).put("level", level).put("team", team);
    json.putArray("agents").addObject().put("mbox", mbox);
    return json;
  }
}
