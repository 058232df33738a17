package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.xapi.generator.GeneratorOptions;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cairn killed outright under load ({@code kill -9}, as the kernel's OOM killer does), with its embedded
 * PostgreSQL left running, starts again on the same data directory without help, with every
 * statement it acknowledged; a SIGTERM then stops it and its PostgreSQL. Cairn runs as {@code cairn.app.Main
 * serve} in a child JVM, as an operator runs it; statements come through the HTTP API from several posters.
 */
class CrashRecoveryTest {
  private static final String KEY = "crash-admin";
  private static final String SECRET = "crash-admin-secret-0123456789";
  private static final int POSTERS = 4;
  /** Statements acknowledged in a round before the kill. */
  private static final int PER_ROUND = 200;
  /** Bounds on what may take long on a loaded machine; a test that hangs fails instead. */
  private static final Duration START_WAIT = Duration.ofSeconds(90);
  private static final Duration EXIT_WAIT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("Cairn is listening on http://localhost:(\\d+)/xapi");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String authorization = "Basic " + Base64.getEncoder()
      .encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
  private final List<Process> cairns = new ArrayList<>();
  private final ExecutorService posters = Executors.newFixedThreadPool(POSTERS);
  private Path temp;
  private Path dataDir;

  @Test
  void killedUnderLoadItStartsAgainByItselfWithEveryAcknowledgedStatement() throws Exception {
    temp = Files.createTempDirectory("cairn-crash");
    dataDir = temp.resolve("data");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    Started cairn = start(1);
    for (int round = 1; round <= 2; round++) {
      int before = acknowledged.size();
      AtomicBoolean posting = new AtomicBoolean(true);
      List<Future<?>> running = new ArrayList<>();
      for (int p = 0; p < POSTERS; p++) {
        long seed = round * 100L + p;
        int port = cairn.port();
        running.add(posters.submit(() -> post(port, seed, posting, acknowledged)));
      }
      long deadline = System.nanoTime() + START_WAIT.toNanos();
      while (acknowledged.size() < before + PER_ROUND && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(acknowledged.size()).as("statements acknowledged in round " + round).isGreaterThanOrEqualTo(before + PER_ROUND);

      cairn.process().destroyForcibly(); // kill -9 while the posters still post
      assertThat(cairn.process().waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      posting.set(false);
      for (Future<?> poster : running) {
        poster.get(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      assertThat(postgresRunning()).as("the killed Cairn's PostgreSQL runs on").isNotEmpty();

      cairn = start(round + 1);
      assertThat(cairn.log()).as("what the start after round " + round + " logged")
          .contains("WARN", "StalePostmaster", "still running in " + dataDir.resolve("postgres"),
              "Stopped the left-over PostgreSQL");
      assertThat(missing(cairn.port(), acknowledged)).as("acknowledged statements missing after round " + round)
          .isEmpty();
    }

    cairn.process().destroy(); // SIGTERM
    assertThat(cairn.process().waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    assertThat(Files.readString(cairn.logFile())).contains("Cairn stopped");
    assertThat(postgresRunning()).as("PostgreSQL after a SIGTERM").isEmpty();
    assertThat(dataDir.resolve("postgres").resolve(StalePostmaster.PID_FILE)).doesNotExist();
  }

  /** A Cairn child process, the port it listens on, and its log. */
  private record Started(Process process, int port, Path logFile) {
    String log() throws IOException {
      return Files.readString(logFile);
    }
  }

  /** Runs {@code cairn serve} on the data directory and waits until it listens. */
  private Started start(int run) throws Exception {
    Path log = temp.resolve("cairn-" + run + ".log");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, Main.class.getName(), "serve")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("CAIRN_"));
    env.putAll(Map.of(
        "CAIRN_DATA_DIR", dataDir.toString(),
        "CAIRN_HTTP_PORT", "0",
        "CAIRN_HTTP_INSTANCES", "2",
        "CAIRN_COMPONENTS", "http", // the statements are what is checked: no mapper or issuer to start
        "CAIRN_BOOTSTRAP_KEY", KEY,
        "CAIRN_BOOTSTRAP_SECRET", SECRET,
        "CAIRN_KEY_SECRET", "crash-test-key-secret-0123456789"));
    Process process = builder.start();
    cairns.add(process);
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher listening = LISTENING.matcher(Files.readString(log));
      if (listening.find()) {
        return new Started(process, Integer.parseInt(listening.group(1)), log);
      }
      if (!process.isAlive()) {
        throw new AssertionError("Cairn exited with " + process.exitValue() + " while starting:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Cairn did not listen within " + START_WAIT.toSeconds() + " s:\n" + Files.readString(log));
  }

  /**
   * Posts generated statements until told to stop, in batches of five (POST, answered 200 with their ids)
   * and one at a time (PUT, answered 204); remembers every id acknowledged. Failed requests (the
   * server killed) are not acknowledged and not retried.
   */
  private Void post(int port, long seed, AtomicBoolean posting, Set<String> acknowledged) throws Exception {
    Iterator<ObjectNode> statements = new StatementGenerator(GeneratorOptions.defaults(seed).withLearners(40, 4))
        .iterator();
    for (int n = 0; posting.get(); n++) {
      try {
        if (n % 4 == 3) {
          ObjectNode statement = statements.next();
          String id = statement.get("id").asText();
          HttpResponse<String> answer = send(request(port, "/xapi/statements?statementId=" + id)
              .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(statement))));
          if (answer.statusCode() == 204) {
            acknowledged.add(id);
          }
        } else {
          ArrayNode batch = json.createArrayNode();
          for (int i = 0; i < 5; i++) {
            batch.add(statements.next());
          }
          HttpResponse<String> answer = send(request(port, "/xapi/statements")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(batch))));
          if (answer.statusCode() == 200) {
            json.readTree(answer.body()).forEach(id -> acknowledged.add(id.asText()));
          }
        }
      } catch (IOException e) {
        Thread.sleep(10); // the server is gone: nothing acknowledged
      }
    }
    return null;
  }

  /** The acknowledged statements that Cairn's statement list (every page of it) lacks. */
  private List<String> missing(int port, Set<String> acknowledged) throws Exception {
    Set<String> stored = new HashSet<>();
    String page = "/xapi/statements?format=ids&limit=500";
    while (!page.isEmpty()) {
      HttpResponse<String> answer = send(request(port, page).GET());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode result = json.readTree(answer.body());
      result.path("statements").forEach(statement -> stored.add(statement.path("id").asText()));
      page = result.path("more").asText("");
    }
    return acknowledged.stream().filter(id -> !stored.contains(id)).sorted().toList();
  }

  private HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", authorization)
        .header("X-Experience-API-Version", "2.0.0")
        .header("Content-Type", "application/json");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The PostgreSQL servers of the test's data directory (their command line names it). */
  private List<ProcessHandle> postgresRunning() {
    String dir = dataDir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(line -> line.contains(dir)).orElse(false))
        .toList();
  }

  /** Whatever happened: no Cairn, no PostgreSQL and no files of this test are left behind. */
  @AfterEach
  void cleanUp() throws Exception {
    posters.shutdownNow();
    for (Process cairn : cairns) {
      cairn.destroyForcibly().waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    if (dataDir == null) {
      return;
    }
    List<ProcessHandle> left = new ArrayList<>();
    for (ProcessHandle server : postgresRunning()) {
      left.addAll(server.descendants().toList());
      left.add(server);
    }
    left.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle process : left) {
      process.onExit().get(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    try (var files = Files.walk(temp)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
