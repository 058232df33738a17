package cairn.progression.demo;

import cairn.xapi.generator.GeneratorOptions;
import cairn.xapi.generator.Person;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads a generated organisation into a running Cairn over HTTP, for demos and the walkthrough:
 * the people directory ({@code POST /api/v1/people}) and its cmi5 and mentoring statements
 * ({@code POST /xapi/statements}), from {@link StatementGenerator}.
 *
 * <pre>java -cp cairn.jar cairn.progression.demo.CohortLoader --url http://localhost:8080 \
 *     --key admin --secret change-me --learners 300 --teams 30 --months 6 --seed 7</pre>
 */
public final class CohortLoader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CohortLoader() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>(Map.of("--url", "http://localhost:8080", "--key", "admin",
        "--secret", "change-me", "--learners", "300", "--teams", "30", "--months", "6", "--seed", "7",
        "--domain", "northwind.example", "--activity", "1.5"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!a.containsKey(args[i])) {
        System.err.println("Unknown option " + args[i] + "; options: " + a.keySet());
        System.exit(2);
      }
      a.put(args[i], args[i + 1]);
    }
    StatementGenerator generator = new StatementGenerator(new GeneratorOptions(Long.parseLong(a.get("--seed")),
        Integer.parseInt(a.get("--learners")), Integer.parseInt(a.get("--teams")), LocalDate.of(2025, 1, 6),
        Integer.parseInt(a.get("--months")), a.get("--domain"), 0.1, Double.parseDouble(a.get("--activity"))));
    String base = a.get("--url");
    String auth = "Basic " + Base64.getEncoder().encodeToString((a.get("--key") + ":" + a.get("--secret"))
        .getBytes(StandardCharsets.UTF_8));
    HttpClient http = HttpClient.newHttpClient();

    ArrayNode people = JSON.createArrayNode();
    for (Person p : generator.people()) {
      ObjectNode json = people.addObject().put("id", p.mbox().substring("mailto:".length())).put("name", p.name())
          .put("role", p.role()).put("function", p.function()).put("level", String.valueOf(p.level()))
          .put("team", p.team());
      ArrayNode agents = json.putArray("agents");
      agents.addObject().put("mbox", p.mbox());
      p.account().ifPresent(acc -> agents.addObject().putObject("account").put("homePage", acc.homePage())
          .put("name", acc.name()));
    }
    send(http, base + "/api/v1/people", auth, false, people);
    System.out.println("Imported " + people.size() + " people");

    int sent = 0;
    Iterator<ObjectNode> statements = generator.iterator();
    while (statements.hasNext()) {
      ArrayNode batch = JSON.createArrayNode();
      while (statements.hasNext() && batch.size() < 500) {
        batch.add(statements.next());
      }
      send(http, base + "/xapi/statements", auth, true, batch);
      sent += batch.size();
      if (sent % 10_000 < 500) {
        System.out.println("Posted " + sent + " statements");
      }
    }
    System.out.println("Posted " + sent + " statements in total");
  }

  private static void send(HttpClient http, String url, String auth, boolean xapi, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (xapi) {
      request.header("X-Experience-API-Version", "2.0.0");
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
    }
  }
}
