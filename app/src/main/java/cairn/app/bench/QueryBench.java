package cairn.app.bench;

import cairn.xapi.Agents;
import cairn.xapi.IndexKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Query latency as one client sees it, one request at a time: GET statements by agent with limit
 * 50, and walks along {@code more} links comparing the first page with the fiftieth.
 */
final class QueryBench {
  static final int LIMIT = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LrsClient client;

  QueryBench(LrsClient client) {
    this.client = client;
  }

  /** The agents (as IFI-only JSON) that are actor or object most often in these statements. */
  static List<String> busiestAgents(List<ObjectNode> statements, int count) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> ifiJson = new HashMap<>();
    for (ObjectNode s : statements) {
      IndexKeys.of(s).agents().forEach((key, direct) -> {
        if (direct) {
          counts.merge(key, 1, Integer::sum);
        }
      });
      for (JsonNode agent : List.of(s.path("actor"), s.path("object"))) {
        Agents.ifiKey(agent).ifPresent(key -> ifiJson.computeIfAbsent(key, k -> ifiOnly(agent)));
      }
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(count)
        .map(e -> ifiJson.get(e.getKey()))
        .toList();
  }

  private static String ifiOnly(JsonNode agent) {
    ObjectNode ifi = JSON.createObjectNode();
    if (agent.has("mbox")) {
      ifi.set("mbox", agent.get("mbox"));
    } else {
      ifi.set("account", agent.get("account"));
    }
    return ifi.toString();
  }

  /** Result of one latency measurement: median and p99 in ms, and the mean page size returned. */
  record Measured(double medianMs, double p99Ms, double meanStatements, int requests) {}

  /** Asks for each agent in turn; the first 300 requests warm up (the JIT) and are not counted. */
  /** The same requests as {@link #byAgent}, unmeasured: a warm-up round. */
  void warm(List<String> agents, int requests) {
    for (int i = 0; i < requests; i++) {
      client.get(LrsClient.agentQuery(agents.get(i % agents.size()), LIMIT));
    }
  }

  Measured byAgent(List<String> agents, int requests) {
    Latencies latencies = new Latencies();
    long statements = 0;
    int warm = Math.max(agents.size(), 300);
    for (int i = 0; i < warm + requests; i++) {
      String path = LrsClient.agentQuery(agents.get(i % agents.size()), LIMIT);
      long t0 = System.nanoTime();
      String body = client.get(path);
      long elapsed = System.nanoTime() - t0;
      if (i >= warm) {
        latencies.add(elapsed);
        statements += count(body);
      }
    }
    return new Measured(latencies.medianMillis(), latencies.percentileMillis(99),
        statements / (double) requests, requests);
  }

  /** Page 1 and page {@code pages} latencies over several walks along the {@code more} links. */
  record Pages(double firstMs, double lastMs, int pagesReached, int walks) {}

  Pages walk(String firstPath, int pages, int walks) {
    Latencies first = new Latencies();
    Latencies last = new Latencies();
    int reached = 0;
    for (int w = 0; w < walks + 1; w++) { // walk 0 warms up
      String path = firstPath;
      int page = 1;
      while (true) {
        long t0 = System.nanoTime();
        String body = client.get(path);
        long elapsed = System.nanoTime() - t0;
        if (w > 0 && page == 1) {
          first.add(elapsed);
        }
        if (w > 0 && page == pages) {
          last.add(elapsed);
        }
        String more = more(body);
        if (page == pages || more.isEmpty()) {
          reached = page;
          break;
        }
        path = more;
        page++;
      }
    }
    return new Pages(first.medianMillis(), last.medianMillis(), reached, walks);
  }

  private static int count(String body) {
    try {
      return JSON.readTree(body).path("statements").size();
    } catch (Exception e) {
      throw new BenchException("not a statement result: " + e.getMessage(), e);
    }
  }

  private static String more(String body) {
    int at = body.lastIndexOf("\"more\":\"");
    if (at < 0) {
      return "";
    }
    int from = at + 8;
    return body.substring(from, body.indexOf('"', from));
  }

  static Comparator<Map.Entry<String, Long>> byCount() {
    return Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
  }

  static List<String> top(Map<String, Long> counts, int n) {
    return new ArrayList<>(counts.entrySet().stream().sorted(byCount()).limit(n).map(Map.Entry::getKey).toList());
  }
}
