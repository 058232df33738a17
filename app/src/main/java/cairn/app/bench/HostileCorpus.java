package cairn.app.bench;

import cairn.app.bench.Attack.Body;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The requests of {@code cairn bench hostile}: a deterministic corpus (one {@link Random} with the
 * seed decides every choice and every id) of hostile requests in the classes of {@link #KINDS}. Each
 * generator is used once, so every shape is in the corpus; then generators are drawn by weight
 * until the corpus has the size asked for. Heavy shapes (bodies of megabytes) have a maximum count.
 * Every statement gets a fresh id, kept with the request, so the run can check that a rejection
 * stored nothing.
 */
final class HostileCorpus {
  static final String PERCENT = "percent-encoding";
  static final String BASIC = "basic-encoding";
  static final String BAD_AUTH = "bad-auth";
  static final String NUL = "nul-bytes";
  static final String NESTING = "deep-nesting";
  static final String NUMBERS = "huge-numbers";
  static final String LONG_KEYS = "long-keys";
  static final String COLLISIONS = "hash-collisions";
  static final String LANGUAGE_MAPS = "language-maps";
  static final String PROTOCOL = "raw-protocol";
  static final String MULTIPART = "multipart";
  static final String CONTENT_TYPE = "content-type";
  static final String OVERSIZE = "oversize";
  static final String METHODS = "odd-methods";
  static final String PATHS = "odd-paths";
  static final String VERSION = "version-header";
  static final String INVALID = "invalid-statement";
  static final String UUIDS = "bad-uuid";
  static final String QUERY = "bad-query";
  static final String AGENT = "bad-agent";
  static final List<String> KINDS = List.of(PERCENT, BASIC, BAD_AUTH, NUL, NESTING, NUMBERS, LONG_KEYS,
      COLLISIONS, LANGUAGE_MAPS, PROTOCOL, MULTIPART, CONTENT_TYPE, OVERSIZE, METHODS, PATHS, VERSION,
      INVALID, UUIDS, QUERY, AGENT);

  /** The server's default body limit (CAIRN_MAX_BODY_BYTES); the oversize bodies go 1 MiB past it. */
  static final int BODY_LIMIT = 16 * 1024 * 1024;
  private static final String STATE = "/xapi/activities/state";
  private static final String ACTIVITY = "https://bench.example/hostile/activity";
  private static final String VERB = "http://adlnet.gov/expapi/verbs/attempted";
  private static final String HOLE = "\u0007";

  private record Generator(String kind, int weight, int max, Supplier<Attack> make) {}

  private final Random random;
  private final String host;
  private final String key;
  private final String secret;
  private final String authorization;
  private final List<Generator> generators = new ArrayList<>();
  private int serial;

  private HostileCorpus(long seed, String host, String key, String secret) {
    this.random = new Random(seed);
    this.host = host;
    this.key = key;
    this.secret = secret;
    this.authorization = basic(key + ":" + secret);
    percentEncoding();
    basicEncoding();
    badAuth();
    nulBytes();
    deepNesting();
    hugeNumbers();
    longKeys();
    hashCollisions();
    languageMaps();
    rawProtocol();
    multipart();
    contentTypes();
    oversize();
    oddMethods();
    oddPaths();
    versionHeaders();
    invalidStatements();
    badUuids();
    badQueries();
    badAgents();
  }

  /**
   * The corpus, shuffled so the classes interleave.
   *
   * @param host the Host header of the well-formed requests (host:port of the target)
   * @param key, secret the credential the requests present where they are not attacking the auth
   */
  static List<Attack> generate(long seed, int requests, String host, String key, String secret) {
    return new HostileCorpus(seed, host, key, secret).build(requests);
  }

  private List<Attack> build(int requests) {
    List<Attack> corpus = new ArrayList<>(Math.max(requests, generators.size()));
    int[] made = new int[generators.size()];
    for (int i = 0; i < generators.size(); i++) {
      corpus.add(generators.get(i).make.get());
      made[i]++;
    }
    while (corpus.size() < requests) {
      int total = 0;
      for (int i = 0; i < generators.size(); i++) {
        total += made[i] < generators.get(i).max ? generators.get(i).weight : 0;
      }
      int pick = random.nextInt(total);
      for (int i = 0; i < generators.size(); i++) {
        Generator g = generators.get(i);
        if (made[i] >= g.max) {
          continue;
        }
        pick -= g.weight;
        if (pick < 0) {
          corpus.add(g.make.get());
          made[i]++;
          break;
        }
      }
    }
    Collections.shuffle(corpus, random);
    return corpus;
  }

  private void add(String kind, int weight, Supplier<Attack> make) {
    add(kind, weight, Integer.MAX_VALUE, make);
  }

  private void add(String kind, int weight, int max, Supplier<Attack> make) {
    generators.add(new Generator(kind, weight, max, make));
  }

  // ---- the classes ----

  private void percentEncoding() {
    String[] xapi = {"/xapi/statements", STATE, "/xapi/activities/profile", "/xapi/agents/profile",
        "/xapi/activities", "/xapi/agents"};
    String[] api = {"/api/v1/people/p1", "/api/v1/credentials", "/api/v1/badges", "/api/v1/frameworks",
        "/api/v1/progression/status", "/api/v1/audit", "/api/v1/cohorts", "/api/v1/people/p1/progress"};
    String[] queries = {"x=%zz", "more=%%%", "stateId=%", "x=%", "x=%%", "x=%1", "%zz=1", "x=%g0", "x=%u0041",
        "limit=%", "agent=%7B%zz", "since=%E0%A4%A", "x=%C0%AF", "x=%ff%fe", "statementId=%zz",
        "activityId=https%3A%2F%2Fbench.example%2Fa&agent=%7B%22mbox%22%3A%22mailto%3Aa%40b%22%7D&stateId=%",
        "x=%%30%30", "x=%00%zz", "x=1&y=%"};
    for (String q : new String[] {"x=%zz", "more=%%%"}) {
      for (boolean auth : new boolean[] {true, false}) {
        add(PERCENT, 5, () -> get(PERCENT, "/xapi/statements?" + q, auth).build());
      }
    }
    for (boolean auth : new boolean[] {true, false}) {
      add(PERCENT, 5, () -> get(PERCENT, STATE + "?stateId=%", auth).build());
      add(PERCENT, 5, () -> get(PERCENT, "/api/v1/people/p1?x=%zz", auth).build());
    }
    add(PERCENT, 250, () -> get(PERCENT, pick(xapi) + "?" + pick(queries), random.nextBoolean()).build());
    add(PERCENT, 120, () -> get(PERCENT, pick(api) + "?" + pick(queries), random.nextBoolean()).build());
    add(PERCENT, 60, () -> {
      UUID id = uuid();
      String q = pick(queries);
      return req(PERCENT, "POST /xapi/statements?" + q + " (a valid statement)").method("POST")
          .target("/xapi/statements?" + q).json(statement(id)).ids(id).build();
    });
    String[] open = {"/xapi/about", "/.well-known/jwks.json", "/status-lists/1/revocation", "/credentials/share/abc",
        "/keys/k1", "/issuers/i1"};
    add(PERCENT, 60, () -> get(PERCENT, pick(open) + "?" + pick(queries), false).build());
    add(PERCENT, 20, () -> req(PERCENT, "POST /verify?x=%zz").method("POST").target("/verify?x=%zz").noAuth()
        .json(Body.of("{\"credential\":\"x\"}")).build());
  }

  private void basicEncoding() {
    String[][] variants = {
        {"NUL in the user name", basic(key.substring(0, Math.min(2, key.length())) + "\0"
            + key.substring(Math.min(2, key.length())) + ":" + secret)},
        {"NUL after the user name", basic(key + "\0:" + secret)},
        {"NUL in the password", basic(key + ":" + secret.substring(0, secret.length() / 2) + "\0"
            + secret.substring(secret.length() / 2))},
        {"NUL after the password", basic(key + ":" + secret + "\0")},
        {"NUL as the whole user name", basic("\0:" + secret)},
        {"invalid base64 !!!", "Basic !!!!"},
        {"invalid base64 with a space inside", "Basic YWRt aW46Y2hhbmdlLW1l"},
        {"invalid base64 ====", "Basic ===="},
        {"base64url alphabet", "Basic " + Base64.getUrlEncoder().encodeToString(new byte[] {-5, -1, -2, 58, 62, 63})},
        {"truncated base64", "Basic " + basic(key + ":" + secret).substring(6, 10)},
        {"no colon", basic(key + secret)},
        {"no colon, user only", basic(key)},
        {"empty user and password", basic(":")},
        {"5,000 colons", basic(":".repeat(5_000))},
        {"7 KB Authorization header", basic(key + ":" + "s".repeat(5_200))},
        {"7 KB user name", basic("u".repeat(5_200) + ":" + secret)},
        {"7 KB of invalid base64", "Basic " + "A".repeat(7_000) + "!"},
        {"invalid UTF-8 in the user name", "Basic " + Base64.getEncoder().encodeToString(
            new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, ':', 'x'})},
        {"control characters in the user name", basic("\u0001\u0002\u001b[31m:" + secret)},
        {"a line feed in the user name", basic("ad\nmin:" + secret)},
        {"non-ASCII user name", basic("ädmin€:" + secret)},
        {"raw UTF-8 bytes in the header", "Basic " + latin1("ädmin:€")},
    };
    for (String[] v : variants) {
      add(BASIC, 25, () -> authAttack(BASIC, v[0], v[1]));
    }
  }

  private void badAuth() {
    String[][] variants = {
        {"wrong secret", basic(key + ":" + secret + "-wrong")},
        {"unknown key", basic("no-such-key-" + Long.toHexString(random.nextLong()) + ":" + secret)},
        {"Bearer token", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."},
        {"empty header", ""},
        {"Basic without credentials", "Basic"},
        {"Basic and spaces", "Basic    "},
        {"Digest", "Digest username=\"" + key + "\", realm=\"Cairn LRS\", nonce=\"x\", response=\"y\""},
        {"lowercase basic scheme (valid credential)", "basic " + authorization.substring(6)},
        {"the credential twice", authorization + ", " + authorization},
        {"SQL in the key", basic("' or '1'='1:" + secret)},
        {"1,000-character key", basic("k".repeat(1000) + ":" + secret)},
        {"Bearer token with a space inside", "Bearer abc def"},
        {"Bearer token of quotes and commas", "Bearer a\",b"},
        {"5,000-character Bearer token", "Bearer " + "t".repeat(5_000)},
        {"Bearer without a token", "Bearer"},
    };
    for (String[] v : variants) {
      add(BAD_AUTH, 45, () -> authAttack(BAD_AUTH, v[0], v[1]));
    }
    String form = "application/x-www-form-urlencoded";
    String grant = "grant_type=client_credentials";
    String[][] tokenRequests = {
        {"wrong secret", basic(key + ":" + secret + "-wrong"), form, grant},
        {"grant_type=password", authorization, form, "grant_type=password&username=a&password=b"},
        {"grant_type twice", authorization, form, grant + "&" + grant},
        {"a scope nobody has", authorization, form, grant + "&scope=root"},
        {"form that is not percent-encoding", authorization, form, grant + "&scope=%zz"},
        {"JSON body", authorization, "application/json", "{\"grant_type\":\"client_credentials\"}"},
        {"no credentials", null, form, grant},
        {"Basic and client_secret", authorization, form, grant + "&client_secret=" + enc(secret)},
        {"10 KB client_id", null, form, grant + "&client_id=" + "k".repeat(10_000) + "&client_secret=s"},
    };
    for (String[] t : tokenRequests) {
      add(BAD_AUTH, 20, () -> {
        Req r = req(BAD_AUTH, "POST /oauth/token, " + t[0]).method("POST").target("/oauth/token").version(null)
            .contentType(t[2]).body(Body.of(t[3]));
        return (t[1] == null ? r.noAuth() : r.auth(t[1])).build();
      });
    }
    add(BAD_AUTH, 30, () -> req(BAD_AUTH, "GET /xapi/statements with two Authorization headers")
        .target("/xapi/statements?limit=1").header("Authorization: " + basic(key + ":wrong")).build());
  }

  /** An Authorization header variant on a read, a statement POST (whose statement must not be stored) or the admin API. */
  private Attack authAttack(String kind, String what, String header) {
    return switch (random.nextInt(5)) {
      case 0 -> req(kind, "GET /xapi/statements, " + what).target("/xapi/statements?limit=1").auth(header).build();
      case 1 -> req(kind, "GET state, " + what).target(stateQuery("s1")).auth(header).build();
      case 2 -> {
        UUID id = uuid();
        yield req(kind, "POST /xapi/statements, " + what).method("POST").target("/xapi/statements")
            .auth(header).json(statement(id)).ids(id).build();
      }
      case 3 -> req(kind, "GET /api/v1/credentials, " + what).target("/api/v1/credentials").auth(header).build();
      default -> req(kind, "POST /api/v1/people, " + what).method("POST").target("/api/v1/people").auth(header)
          .json(Body.of(person("hostile-auth-" + (++serial), "Mallory"))).build();
    };
  }

  private void nulBytes() {
    String nul = "\\u0000";
    String[][] slots = {
        {"verb.display", "{\"en-US\":\"attem" + nul + "pted\"}"},
        {"verb.display key", "{\"en-US" + nul + "\":\"attempted\"}"},
        {"object.name", "{\"en-US\":\"Hostile" + nul + "\"}"},
        {"result.response", "\"yes" + nul + "no\""},
        {"result.extensions", "{\"https://bench.example/ext/note\":\"a" + nul + "b\"}"},
        {"context.extensions", "{\"https://bench.example/ext/note\":\"" + nul + "\"}"},
        {"context.extensions key", "{\"https://bench.example/ext/" + nul + "\":1}"},
        {"actor.name", "\"Eve" + nul + "\""},
    };
    for (String[] slot : slots) {
      add(NUL, 40, () -> {
        UUID id = uuid();
        return req(NUL, "POST /xapi/statements, \\u0000 in " + slot[0]).method("POST").target("/xapi/statements")
            .json(statement(id, slot[0], Body.of(slot[1]))).ids(id).nul().build();
      });
    }
    add(NUL, 40, () -> {
      UUID id = uuid();
      return req(NUL, "PUT /xapi/statements?statementId=…, \\u0000 in verb.display").method("PUT")
          .target("/xapi/statements?statementId=" + id).json(statement(id, "verb.display", Body.of(slots[0][1])))
          .ids(id).nul().build();
    });
    add(NUL, 40, () -> {
      List<UUID> ids = new ArrayList<>();
      Body batch = Body.of("[");
      for (int i = 0; i < 4; i++) {
        UUID id = uuid();
        ids.add(id);
        batch = batch.then(i == 0 ? "" : ",").then(i == 3 ? statement(id, "result.response", Body.of(slots[3][1])) : statement(id));
      }
      return req(NUL, "POST /xapi/statements, batch of 3 clean statements and 1 with \\u0000").method("POST")
          .target("/xapi/statements").json(batch.then("]")).ids(ids).nul().build();
    });
    add(NUL, 30, () -> {
      UUID id = uuid();
      byte[] body = statement(id, "result.response", Body.of("\"raw" + HOLE + "byte\"")).bytes();
      for (int i = 0; i < body.length; i++) {
        if (body[i] == 7) {
          body[i] = 0;
        }
      }
      return req(NUL, "POST /xapi/statements, a raw 0x00 byte inside a JSON string").method("POST")
          .target("/xapi/statements").json(Body.of(body)).ids(id).build();
    });
    add(NUL, 30, () -> req(NUL, "PUT state, JSON document with \\u0000").method("PUT").target(stateQuery("nul-" + (++serial)))
        .json(Body.of("{\"note\":\"a" + nul + "b\"}")).nul().build());
    add(NUL, 30, () -> req(NUL, "POST state (merge), JSON document with \\u0000 in a key").method("POST")
        .target(stateQuery("nul-merge-" + (++serial))).json(Body.of("{\"" + nul + "\":1}")).nul().build());
    add(NUL, 20, () -> req(NUL, "PUT state, octet-stream document with NUL bytes").method("PUT")
        .target(stateQuery("nul-bin-" + (++serial))).contentType("application/octet-stream")
        .body(Body.of(new byte[] {0, 1, 0, 2, 0})).build());
    add(NUL, 30, () -> req(NUL, "PUT state, %00 in stateId").method("PUT").target(stateQuery("a%00b"))
        .json(Body.of("{\"a\":1}")).build());
    add(NUL, 30, () -> req(NUL, "GET state, %00 in stateId").target(stateQuery("a%00b")).build());
    add(NUL, 30, () -> req(NUL, "GET state, %00 in activityId").target(STATE + "?activityId="
        + enc(ACTIVITY) + "%00&agent=" + enc(agent()) + "&stateId=s1").build());
    add(NUL, 30, () -> req(NUL, "GET /xapi/statements?agent=…, \\u0000 in the agent's mbox").target(
        "/xapi/statements?agent=" + enc("{\"mbox\":\"mailto:a" + nul + "b@bench.example\"}")).build());
    add(NUL, 30, () -> req(NUL, "GET /xapi/statements?verb=…%00").target("/xapi/statements?verb="
        + enc(VERB) + "%00").build());
    add(NUL, 30, () -> req(NUL, "POST /api/v1/people, \\u0000 in id and name").method("POST").target("/api/v1/people")
        .json(Body.of(person("hostile-nul" + nul + (++serial), "Eve" + nul))).nul().build());
    add(NUL, 20, () -> req(NUL, "POST /api/v1/credentials, \\u0000 in the name").method("POST")
        .target("/api/v1/credentials").json(Body.of("{\"name\":\"evil" + nul + "\",\"scopes\":[\"statements/read\"]}"))
        .nul().build());
  }

  private void deepNesting() {
    int[] depths = {1_000, 10_000, 100_000, 1_000_000};
    String[] placements = {"context.extensions", "result.extensions", "whole body", "state PUT", "state POST",
        "POST /api/v1/people"};
    for (int depth : depths) {
      for (boolean array : new boolean[] {true, false}) {
        for (String placement : placements) {
          boolean huge = depth == 1_000_000;
          if (huge && !(placement.equals("context.extensions") || placement.equals("whole body")
              || placement.equals("state PUT"))) {
            continue; // a few bodies of megabytes are enough
          }
          int weight = depth == 1_000 ? 15 : depth == 10_000 ? 12 : 1;
          int max = huge ? 1 : depth == 100_000 ? 3 : Integer.MAX_VALUE;
          add(NESTING, weight, max, () -> nested(depth, array, placement));
        }
      }
    }
  }

  private Attack nested(int depth, boolean array, String placement) {
    Body nest = array
        ? Body.EMPTY.then("[", depth).then("1").then("]", depth)
        : Body.EMPTY.then("{\"a\":", depth).then("1").then("}", depth);
    String shape = String.format("%,d levels of %s in %s", depth, array ? "[[…]]" : "{\"a\":{…}}", placement);
    UUID id = uuid();
    return switch (placement) {
      case "context.extensions", "result.extensions" -> req(NESTING, shape).method("POST").target("/xapi/statements")
          .json(statement(id, placement, Body.of("{\"https://bench.example/ext/deep\":").then(nest).then("}")))
          .ids(id).build();
      case "whole body" -> req(NESTING, shape).method("POST").target("/xapi/statements").json(nest).build();
      case "state PUT" -> req(NESTING, shape).method("PUT").target(stateQuery("deep-" + (++serial))).json(nest).build();
      case "state POST" -> req(NESTING, shape).method("POST").target(stateQuery("deep-" + (++serial)))
          .json(Body.of("{\"deep\":").then(nest).then("}")).build();
      default -> req(NESTING, shape).method("POST").target("/api/v1/people")
          .json(Body.of("[{\"id\":\"hostile-deep-" + (++serial) + "\",\"name\":").then(nest)
              .then(",\"agents\":[{\"mbox\":\"mailto:deep@bench.example\"}]}]")).build();
    };
  }

  private void hugeNumbers() {
    String digits2000 = "9".repeat(2000);
    String[][] numbers = {
        {"1e400000", "1e400000"}, {"-1e400000", "-1e400000"}, {"1e-99999", "1e-99999"},
        {"2000-digit integer", digits2000}, {"999-digit integer", "9".repeat(999)},
        {"999 digits with e400000", "9".repeat(995) + "e400000"}, {"1e999999999", "1e999999999"},
        {"1E+2147483648", "1E+2147483648"}, {"0.(2000 zeros)1", "0." + "0".repeat(2000) + "1"},
    };
    String[] slots = {"score.raw", "score.scaled", "result.extensions", "context.extensions"};
    for (String[] number : numbers) {
      for (String slot : slots) {
        int weight = number[0].equals("1e999999999") || number[0].startsWith("1E+") ? 2 : 12;
        add(NUMBERS, weight, () -> {
          UUID id = uuid();
          Body value = slot.startsWith("score") ? Body.of(number[1])
              : Body.of("{\"https://bench.example/ext/n\":" + number[1] + "}");
          return req(NUMBERS, number[0] + " in " + slot).method("POST").target("/xapi/statements")
              .json(statement(id, slot, value)).ids(id).build();
        });
      }
      add(NUMBERS, 4, () -> req(NUMBERS, number[0] + " in a state document (POST merge)").method("POST")
          .target(stateQuery("n-" + (++serial))).json(Body.of("{\"n\":" + number[1] + "}")).build());
    }
    add(NUMBERS, 10, () -> {
      UUID id = uuid();
      return req(NUMBERS, "duration PT(2000 nines)S").method("POST").target("/xapi/statements")
          .json(statement(id, "result", Body.of("{\"duration\":\"PT" + digits2000 + "S\"}"))).ids(id).build();
    });
    add(NUMBERS, 10, () -> {
      UUID id = uuid();
      return req(NUMBERS, "timestamp in year +999999999").method("POST").target("/xapi/statements")
          .json(statement(id, "timestamp", Body.of("\"+999999999-12-31T23:59:59Z\""))).ids(id).build();
    });
  }

  private void longKeys() {
    String[][] variants = {
        {"100 KB extension key in context.extensions", "context.extensions", "https://bench.example/ext/", "102400"},
        {"100 KB extension key in result.extensions", "result.extensions", "https://bench.example/ext/", "102400"},
        {"40 KB extension key in context.extensions", "context.extensions", "https://bench.example/ext/", "40960"},
        {"100 KB non-IRI key in result.extensions", "result.extensions", "", "102400"},
        {"100 KB language tag in verb.display", "verb.display", "en-", "102400"},
        {"1 MB extension key in context.extensions", "context.extensions", "https://bench.example/ext/", "1048576"},
    };
    for (String[] v : variants) {
      int size = Integer.parseInt(v[3]);
      add(LONG_KEYS, size > 200_000 ? 1 : 40, size > 200_000 ? 3 : Integer.MAX_VALUE, () -> {
        UUID id = uuid();
        String k = v[2] + "k".repeat(size);
        String value = v[1].equals("verb.display") ? "\"attempted\"" : "1";
        return req(LONG_KEYS, v[0]).method("POST").target("/xapi/statements")
            .json(statement(id, v[1], Body.of("{\"" + k + "\":" + value + "}"))).ids(id).build();
      });
    }
    add(LONG_KEYS, 40, () -> {
      UUID id = uuid();
      return req(LONG_KEYS, "100 KB unknown top-level key").method("POST").target("/xapi/statements")
          .json(Body.of("{\"" + "k".repeat(102_400) + "\":1," + statementText(id).substring(1))).ids(id).build();
    });
    add(LONG_KEYS, 30, () -> req(LONG_KEYS, "100 KB key in a state document (POST merge)").method("POST")
        .target(stateQuery("long-" + (++serial))).json(Body.of("{\"" + "k".repeat(102_400) + "\":1}")).build());
    add(LONG_KEYS, 30, () -> req(LONG_KEYS, "100 KB key in POST /api/v1/people").method("POST").target("/api/v1/people")
        .json(Body.of("[{\"id\":\"hostile-long-" + (++serial) + "\",\"" + "k".repeat(102_400)
            + "\":1,\"agents\":[{\"mbox\":\"mailto:long@bench.example\"}]}]")).build());
    add(LONG_KEYS, 30, () -> {
      UUID id = uuid();
      return req(LONG_KEYS, "1 MB string in result.response").method("POST").target("/xapi/statements")
          .json(statement(id, "result.response", Body.of("\"").then("r", 1 << 20).then("\""))).ids(id).build();
    });
  }

  private void hashCollisions() {
    int[] bits = {10, 12, 14};
    String[] placements = {"context.extensions", "result.extensions", "object.extensions", "top-level keys",
        "state POST", "verb.display"};
    for (int n : bits) {
      for (String placement : placements) {
        add(COLLISIONS, n == 14 ? 1 : 18, n == 14 ? 3 : Integer.MAX_VALUE, () -> collisions(n, placement));
      }
    }
  }

  /** 2^n keys of n "Aa"/"BB" blocks after a common prefix: all have one String.hashCode. */
  private Attack collisions(int n, String placement) {
    String prefix = switch (placement) {
      case "verb.display" -> "x-";
      case "top-level keys", "state POST" -> "";
      default -> "https://bench.example/ext/";
    };
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < (1 << n); i++) {
      keys.append(i == 0 ? "" : ",").append('"').append(prefix);
      for (int b = 0; b < n; b++) {
        keys.append((i >> b & 1) == 1 ? "BB" : "Aa");
      }
      keys.append("\":").append(placement.equals("verb.display") ? "\"x\"" : "1");
    }
    String shape = String.format("%,d colliding keys in %s", 1 << n, placement);
    UUID id = uuid();
    return switch (placement) {
      case "top-level keys" -> req(COLLISIONS, shape).method("POST").target("/xapi/statements")
          .json(Body.of("{" + keys + "," + statementText(id).substring(1)))
          .ids(id).build();
      case "state POST" -> req(COLLISIONS, shape).method("POST").target(stateQuery("hash-" + (++serial)))
          .json(Body.of("{" + keys + "}")).build();
      default -> req(COLLISIONS, shape).method("POST").target("/xapi/statements")
          .json(statement(id, placement, Body.of("{" + keys + "}"))).ids(id).build();
    };
  }

  private void languageMaps() {
    int[] sizes = {1_000, 5_000, 20_000};
    String[] slots = {"verb.display", "object.name", "object.description", "attachments.display"};
    for (int size : sizes) {
      for (String slot : slots) {
        add(LANGUAGE_MAPS, size == 20_000 ? 1 : 25, size == 20_000 ? 5 : Integer.MAX_VALUE, () -> {
          StringBuilder map = new StringBuilder("{");
          for (int i = 0; i < size; i++) {
            map.append(i == 0 ? "" : ",").append("\"en-x-").append(Integer.toString(i, 36)).append("\":\"t")
                .append(i).append('"');
          }
          UUID id = uuid();
          return req(LANGUAGE_MAPS, String.format("%,d language-map entries in %s", size, slot)).method("POST")
              .target("/xapi/statements").json(statement(id, slot, Body.of(map.append('}').toString()))).ids(id).build();
        });
      }
    }
    add(LANGUAGE_MAPS, 15, () -> {
      StringBuilder choices = new StringBuilder("[");
      for (int i = 0; i < 2_000; i++) {
        choices.append(i == 0 ? "" : ",").append("{\"id\":\"c").append(i).append("\",\"description\":{\"en-US\":\"c")
            .append(i).append("\",\"de\":\"c").append(i).append("\"}}");
      }
      UUID id = uuid();
      return req(LANGUAGE_MAPS, "2,000 interaction choices with language maps").method("POST").target("/xapi/statements")
          .json(statement(id, "choices", Body.of(choices.append(']').toString()))).ids(id).build();
    });
  }

  private void rawProtocol() {
    String about = "GET /xapi/about ";
    String hostLine = "Host: " + host + "\r\n";
    String auth = "Authorization: " + authorization + "\r\nX-Experience-API-Version: 2.0.0\r\n";
    String[][] heads = {
        {"no Host header, HTTP/1.1", about + "HTTP/1.1\r\n\r\n"},
        {"no Host header, authenticated statements query", "GET /xapi/statements?limit=1 HTTP/1.1\r\n" + auth + "\r\n"},
        {"no Host header, HTTP/1.0", about + "HTTP/1.0\r\n\r\n"},
        {"empty Host header", about + "HTTP/1.1\r\nHost:\r\n\r\n"},
        {"two Host headers", about + "HTTP/1.1\r\n" + hostLine + "Host: evil.example\r\n\r\n"},
        {"HTTP/1.7", about + "HTTP/1.7\r\n" + hostLine + "\r\n"},
        {"HTTP/3.0", about + "HTTP/3.0\r\n" + hostLine + "\r\n"},
        {"HTTP/2.0 request line", about + "HTTP/2.0\r\n" + hostLine + "\r\n"},
        {"HTTP/0.9 (no version)", "GET /xapi/about\r\n\r\n"},
        {"FOO/1.1 protocol", about + "FOO/1.1\r\n" + hostLine + "\r\n"},
        {"HTTP/1.1x protocol", about + "HTTP/1.1x\r\n" + hostLine + "\r\n"},
        {"HTTP/9.9 authenticated", "GET /xapi/statements?limit=1 HTTP/9.9\r\n" + hostLine + auth + "\r\n"},
        {"LF-only line endings", about + "HTTP/1.1\n" + "Host: " + host + "\n\n"},
        {"header line without a colon", about + "HTTP/1.1\r\n" + hostLine + "X-Bad-Header\r\n\r\n"},
        {"space in a header name", about + "HTTP/1.1\r\n" + hostLine + "Bad Header: x\r\n\r\n"},
        {"obs-fold continuation line", about + "HTTP/1.1\r\n" + hostLine + "X-A: a\r\n  folded\r\n\r\n"},
        {"NUL byte in the request line", "GET /xapi/ab\0out HTTP/1.1\r\n" + hostLine + "\r\n"},
        {"NUL byte in a header value", about + "HTTP/1.1\r\n" + hostLine + "X-A: a\0b\r\n\r\n"},
        {"tabs in the request line", "GET\t/xapi/about\tHTTP/1.1\r\n" + hostLine + "\r\n"},
        {"extra spaces in the request line", "GET  /xapi/about  HTTP/1.1\r\n" + hostLine + "\r\n"},
        {"lowercase method", "get /xapi/about HTTP/1.1\r\n" + hostLine + "\r\n"},
        {"empty lines before the request line", "\r\n\r\n\r\n" + about + "HTTP/1.1\r\n" + hostLine + "\r\n"},
        // ends in CRLF CRLF, so that a server reading it as HTTP/1 has a complete (garbage) request
        {"TLS ClientHello bytes on the plain port", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"
            + "\u0000".repeat(32) + "\r\n\r\n"},
        {"HTTP/2 prior-knowledge preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
        {"20 KB header value", about + "HTTP/1.1\r\n" + hostLine + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n"},
        {"1,000 header fields", about + "HTTP/1.1\r\n" + hostLine + "X-H: 1\r\n".repeat(1_000) + "\r\n"},
        {"request line of 10 KB garbage", "G".repeat(10_240) + "\r\n\r\n"},
        {"Upgrade: h2c", about + "HTTP/1.1\r\n" + hostLine + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
            + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"},
        {"Upgrade: websocket", about + "HTTP/1.1\r\n" + hostLine + "Connection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"},
        {"Expect: 100-continue without a body", "POST /xapi/statements HTTP/1.1\r\n" + hostLine + auth
            + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n"},
    };
    for (String[] h : heads) {
      add(PROTOCOL, 18, () -> raw(PROTOCOL, h[0], h[1], Body.EMPTY));
    }
    add(PROTOCOL, 18, () -> {
      byte[] junk = new byte[200];
      random.nextBytes(junk);
      return raw(PROTOCOL, "200 random bytes", new String(junk, StandardCharsets.ISO_8859_1) + "\r\n\r\n", Body.EMPTY);
    });
    add(PROTOCOL, 18, () -> {
      UUID id = uuid();
      Body body = statement(id);
      return new Attack(PROTOCOL, "no Host header, statement POST", "POST", ("POST /xapi/statements HTTP/1.1\r\n" + auth
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1), body, true, List.of(id), false, 0);
    });
  }

  private void multipart() {
    String b = "hostile-boundary";
    String sha = "a".repeat(64);
    add(MULTIPART, 20, () -> multipartAttack("no boundary parameter", "multipart/mixed",
        id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n" + statementText(id) + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("empty boundary parameter", "multipart/mixed; boundary=",
        id -> "--\r\nContent-Type: application/json\r\n\r\n" + statementText(id) + "\r\n----\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("wrong boundary", "multipart/mixed; boundary=other",
        id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n" + statementText(id) + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("truncated in the statement part", "multipart/mixed; boundary=" + b,
        id -> ("--" + b + "\r\nContent-Type: application/json\r\n\r\n" + statementText(id)).substring(0, 120)));
    add(MULTIPART, 20, () -> multipartAttack("no closing boundary", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n" + statementText(id) + "\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("missing statement part (only an attachment)", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: text/plain\r\nX-Experience-API-Hash: " + sha + "\r\n\r\nhello\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("no parts at all", "multipart/mixed; boundary=" + b, id -> "--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("empty body", "multipart/mixed; boundary=" + b, id -> ""));
    add(MULTIPART, 20, () -> multipartAttack("attachment part without X-Experience-API-Hash",
        "multipart/mixed; boundary=" + b, id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n"
            + attachmentStatement(id, sha) + "\r\n--" + b + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("attachment hash not hex", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n" + attachmentStatement(id, sha) + "\r\n--" + b
            + "\r\nContent-Type: text/plain\r\nX-Experience-API-Hash: zz%00zz\r\n\r\nhello\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("attachment hash of other content", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n" + attachmentStatement(id, sha) + "\r\n--" + b
            + "\r\nContent-Type: text/plain\r\nX-Experience-API-Hash: " + sha + "\r\n\r\nhello\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("statement declares an attachment that is not sent",
        "multipart/mixed; boundary=" + b, id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n"
            + attachmentStatement(id, sha) + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("first part is text/plain", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: text/plain\r\n\r\n" + statementText(id) + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("LF-only line endings", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\nContent-Type: application/json\n\n" + statementText(id) + "\n--" + b + "--\n"));
    add(MULTIPART, 20, () -> multipartAttack("71-character boundary", "multipart/mixed; boundary=" + "b".repeat(71),
        id -> "--" + "b".repeat(71) + "\r\nContent-Type: application/json\r\n\r\n" + statementText(id) + "\r\n--"
            + "b".repeat(71) + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("unterminated quoted boundary", "multipart/mixed; boundary=\"" + b,
        id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n" + statementText(id) + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("boundary with a NUL", "multipart/mixed; boundary=a\0b",
        id -> "--a\0b\r\nContent-Type: application/json\r\n\r\n" + statementText(id) + "\r\n--a\0b--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("5,000 empty parts", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n" + statementText(id)
            + ("\r\n--" + b + "\r\n\r\n").repeat(5_000) + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("part header without a colon", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type application/json\r\n\r\n" + statementText(id) + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("part without the blank line after its headers",
        "multipart/mixed; boundary=" + b, id -> "--" + b + "\r\nContent-Type: application/json\r\n" + statementText(id)
            + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("10 KB part header line", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: application/json\r\nX-Junk: " + "j".repeat(10_240) + "\r\n\r\n"
            + statementText(id) + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("attachment with Content-Transfer-Encoding: base64",
        "multipart/mixed; boundary=" + b, id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n"
            + attachmentStatement(id, sha) + "\r\n--" + b + "\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64"
            + "\r\nX-Experience-API-Hash: " + sha + "\r\n\r\naGVsbG8=\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("nested multipart as the statement part", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\nContent-Type: application/json"
            + "\r\n\r\n" + statementText(id) + "\r\n--inner--\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> multipartAttack("\\u0000 in the statement part", "multipart/mixed; boundary=" + b,
        id -> "--" + b + "\r\nContent-Type: application/json\r\n\r\n"
            + new String(statement(id, "result.response", Body.of("\"x\\u0000\"")).bytes(), StandardCharsets.UTF_8)
            + "\r\n--" + b + "--\r\n"));
    add(MULTIPART, 20, () -> {
      UUID id = uuid();
      String body = "--" + b + "\r\nContent-Type: application/json\r\n\r\n" + statementText(id) + "\r\n";
      return req(MULTIPART, "PUT /xapi/statements, truncated multipart").method("PUT")
          .target("/xapi/statements?statementId=" + id).contentType("multipart/mixed; boundary=" + b)
          .body(Body.of(body)).ids(id).build();
    });
  }

  private Attack multipartAttack(String shape, String contentType, java.util.function.Function<UUID, String> body) {
    UUID id = uuid();
    String text = body.apply(id);
    return req(MULTIPART, shape).method("POST").target("/xapi/statements").contentType(contentType)
        .body(Body.of(text)).ids(id).nul(text.contains("\\u0000")).build();
  }

  private void contentTypes() {
    String[][] types = {
        {"text/plain", null}, {"application/xml", "<statement/>"}, {"application/jsonx", null},
        {"multipart/form-data; boundary=x", null}, {"", null}, {"application/json; charset=utf-16", "utf16"},
        {"application/json, text/plain", null}, {"ap\0plication/json", null}, {"x".repeat(5_000), null},
        {"application/json", "bom"}, {null, null},
    };
    for (String[] t : types) {
      add(CONTENT_TYPE, 30, () -> {
        UUID id = uuid();
        Body body = "<statement/>".equals(t[1]) ? Body.of("<statement id=\"" + id + "\"/>")
            : "utf16".equals(t[1]) ? Body.of(statementText(id).getBytes(StandardCharsets.UTF_16))
            : "bom".equals(t[1]) ? Body.of(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}).then(statement(id))
            : statement(id);
        String name = t[0] == null ? "no Content-Type" : t[0].isEmpty() ? "empty Content-Type"
            : t[0].length() > 100 ? "5 KB Content-Type" : "Content-Type " + t[0].replace("\0", "\\0")
                + (t[1] == null ? "" : " (" + t[1] + " body)");
        Req r = req(CONTENT_TYPE, "POST /xapi/statements, " + name).method("POST").target("/xapi/statements").body(body).ids(id);
        return (t[0] == null ? r : r.contentType(t[0])).build();
      });
    }
    String form = "application/x-www-form-urlencoded";
    String[][] alternates = {
        {"method=FOO", "x=1"}, {"method=", "x=1"}, {"method=%zz", "x=1"}, {"method=GET&limit=1", "x=1"},
        {"method=GET", "not a form %zz"}, {"method=GET", "agent=%7B%zz&limit=%"}, {"method=PUT", "statementId=1"},
        {"method=POST", "content=%%%"}, {"method=GET", "=&&&==&"}, {"method=get", ""}, {"method=GET", "%zz=%zz"},
        {"method=DELETE", ""}, {"method=TRACE", ""},
    };
    for (String[] a : alternates) {
      add(CONTENT_TYPE, 25, () -> req(CONTENT_TYPE, "alternate syntax POST /xapi/statements?" + a[0] + ", form " + a[1])
          .method("POST").target("/xapi/statements?" + a[0]).version(null).contentType(form).body(Body.of(a[1])).build());
    }
    add(CONTENT_TYPE, 25, () -> {
      UUID id = uuid();
      String content = statementText(id, "result.response", "\"x\\u0000\"");
      String formBody = "statementId=" + id + "&X-Experience-API-Version=1.0.3&Authorization=" + enc(authorization)
          + "&Content-Type=application%2Fjson&content=" + enc(content);
      return req(CONTENT_TYPE, "alternate syntax PUT (1.0.3) of a statement with \\u0000").method("POST")
          .target("/xapi/statements?method=PUT").noAuth().version(null).contentType(form).body(Body.of(formBody))
          .ids(id).nul().build();
    });
    add(CONTENT_TYPE, 25, () -> req(CONTENT_TYPE, "alternate syntax with a 2.0.0 version header").method("POST")
        .target("/xapi/statements?method=GET").contentType(form).body(Body.of("limit=1")).build());
    add(CONTENT_TYPE, 25, () -> req(CONTENT_TYPE, "POST /api/v1/people as text/plain").method("POST")
        .target("/api/v1/people").contentType("text/plain").body(Body.of(person("hostile-ct-" + (++serial), "Ct"))).build());
    add(CONTENT_TYPE, 25, () -> req(CONTENT_TYPE, "POST /api/v1/people, form-urlencoded junk").method("POST")
        .target("/api/v1/people").contentType(form).body(Body.of("a=%zz&b=%%%")).build());
    add(CONTENT_TYPE, 25, () -> req(CONTENT_TYPE, "POST state (merge) as text/plain onto JSON").method("POST")
        .target(stateQuery("ct-" + (++serial))).contentType("text/plain").body(Body.of("{\"a\":1}")).build());
  }

  private void oversize() {
    add(OVERSIZE, 1, 1, () -> {
      UUID id = uuid();
      String filler = "{\"https://bench.example/ext/pad\":\"" + "p".repeat(1000) + "\"}";
      int copies = (BODY_LIMIT + (1 << 20)) / (filler.length() + 1) + 1;
      Body body = Body.of("[").then(statement(id, "context.extensions", Body.of(filler))).then("," + filler, copies).then("]");
      return req(OVERSIZE, "17 MiB POST /xapi/statements with Content-Length").method("POST").target("/xapi/statements")
          .json(body).ids(id).build();
    });
    add(OVERSIZE, 1, 1, () -> {
      byte[] chunk = ("4000\r\n" + "c".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      int chunks = (BODY_LIMIT + (1 << 20)) / 0x4000;
      Body body = Body.EMPTY.then(chunk, chunks).then("0\r\n\r\n");
      return req(OVERSIZE, "17 MiB chunked PUT state (no Content-Length)").method("PUT").target(stateQuery("big"))
          .contentType("application/octet-stream").header("Transfer-Encoding: chunked").noLength().body(body).build();
    });
    add(OVERSIZE, 1, 2, () -> {
      UUID id = uuid();
      return req(OVERSIZE, "Content-Length: 10 GB with a short body, POST /xapi/statements").method("POST")
          .target("/xapi/statements").json(statement(id)).contentLength("10737418240").fresh().ids(id).build();
    });
    add(OVERSIZE, 1, 2, () -> req(OVERSIZE, "Content-Length: 10 GB with a short body, POST /api/v1/people")
        .method("POST").target("/api/v1/people").json(Body.of(person("hostile-10g-" + (++serial), "Big")))
        .contentLength("10737418240").fresh().build());
    String[][] lengths = {
        {"Content-Length: -1", "-1"}, {"Content-Length: abc", "abc"}, {"Content-Length: 1e3", "1e3"},
        {"Content-Length: 99999999999999999999999", "99999999999999999999999"}, {"Content-Length: +5", "+5"},
    };
    for (String[] l : lengths) {
      add(OVERSIZE, 20, () -> {
        UUID id = uuid();
        return req(OVERSIZE, l[0] + ", POST /xapi/statements").method("POST").target("/xapi/statements")
            .json(statement(id)).contentLength(l[1]).fresh().ids(id).build();
      });
    }
    add(OVERSIZE, 20, () -> {
      UUID id = uuid();
      Body body = statement(id);
      return req(OVERSIZE, "two different Content-Length headers").method("POST").target("/xapi/statements").json(body)
          .header("Content-Length: " + (body.length() + 5)).fresh().ids(id).build();
    });
    add(OVERSIZE, 20, () -> {
      UUID id = uuid();
      Body body = statement(id);
      Body chunked = Body.of(Long.toHexString(body.length()) + "\r\n").then(body).then("\r\n0\r\n\r\n");
      return req(OVERSIZE, "Content-Length and Transfer-Encoding: chunked").method("POST").target("/xapi/statements")
          .json(chunked).header("Transfer-Encoding: chunked").fresh().ids(id).build();
    });
    add(OVERSIZE, 20, () -> {
      UUID id = uuid();
      return req(OVERSIZE, "chunk size zz").method("POST").target("/xapi/statements").json(Body.of("zz\r\n")
          .then(statement(id)).then("\r\n0\r\n\r\n")).header("Transfer-Encoding: chunked").noLength().fresh().ids(id).build();
    });
    add(OVERSIZE, 20, () -> req(OVERSIZE, "chunk size FFFFFFFFFFFFFFFFFF").method("POST").target("/xapi/statements")
        .json(Body.of("FFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n")).header("Transfer-Encoding: chunked").noLength().fresh().build());
    add(OVERSIZE, 20, () -> req(OVERSIZE, "Transfer-Encoding: gzip").method("POST").target("/xapi/statements")
        .json(Body.of("{}")).header("Transfer-Encoding: gzip").noLength().fresh().build());
    add(OVERSIZE, 20, () -> req(OVERSIZE, "Content-Encoding: gzip with a plain body").method("POST")
        .target("/xapi/statements").json(Body.of("{}")).header("Content-Encoding: gzip").build());
    add(OVERSIZE, 10, 3, () -> {
      List<UUID> ids = new ArrayList<>();
      StringBuilder body = new StringBuilder("[");
      for (int i = 0; i < 1_001; i++) {
        UUID id = uuid();
        ids.add(id);
        body.append(i == 0 ? "" : ",").append(statementText(id));
      }
      return req(OVERSIZE, "batch of 1,001 statements").method("POST").target("/xapi/statements")
          .json(Body.of(body.append(']').toString())).ids(ids).build();
    });
  }

  private void oddMethods() {
    String[] methods = {"PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO", "DELETE", "MKCOL", "LOCK", "SEARCH"};
    String[] paths = {"/xapi/statements", STATE, "/xapi/about", "/api/v1/people/p1", "/api/v1/credentials",
        "/api/v1/badges", "/verify", "/.well-known/jwks.json"};
    for (String m : methods) {
      add(METHODS, 40, () -> {
        String path = pick(paths);
        Req r = req(METHODS, m + " " + path).method(m).target(path.equals(STATE) ? stateQuery("s1") : path);
        if (m.equals("PATCH") || m.equals("PROPFIND") || m.equals("TRACE")) {
          r.json(Body.of(m.equals("PROPFIND") ? "<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\"><allprop/></propfind>"
              : "{\"a\":1}"));
        }
        return r.build();
      });
    }
    add(METHODS, 40, () -> req(METHODS, "OPTIONS CORS preflight for PATCH").method("OPTIONS").target("/xapi/statements")
        .noAuth().version(null).header("Origin: https://evil.example").header("Access-Control-Request-Method: PATCH")
        .header("Access-Control-Request-Headers: X-Evil").build());
    add(METHODS, 40, () -> req(METHODS, "OPTIONS CORS preflight with Origin: null").method("OPTIONS")
        .target("/xapi/statements").noAuth().version(null).header("Origin: null")
        .header("Access-Control-Request-Method: POST").build());
    add(METHODS, 20, () -> raw(METHODS, "CONNECT bench.example:443",
        "CONNECT bench.example:443 HTTP/1.1\r\nHost: bench.example:443\r\n\r\n", Body.EMPTY));
    add(METHODS, 20, () -> req(METHODS, "HEAD /api/v1/people/p1").method("HEAD").target("/api/v1/people/p1").build());
    add(METHODS, 20, () -> req(METHODS, "PUT /xapi/statements without statementId").method("PUT").target("/xapi/statements")
        .json(Body.of("{}")).build());
    add(METHODS, 20, () -> req(METHODS, "DELETE /xapi/activities/state without a context").method("DELETE")
        .target(STATE).build());
  }

  private void oddPaths() {
    String[] paths = {"/xapi/../../etc/passwd", "/xapi/statements/%2e%2e", "/xapi/%2e%2e/%2e%2e/etc/passwd",
        "/api/v1/people/%00", "/api/v1/people/%zz", "/api/v1/people/%C0%AE%C0%AE", "/api/v1/badges/..%2F..%2Fetc%2Fpasswd",
        "//xapi//statements", "/xapi/statements/", "/xapi/statements;a=b", "/XAPI/STATEMENTS", "/xapi/statements%00",
        "/api/v1/frameworks/%ff/items", "/api/v1/ladders/x/versions/99999999999999999999",
        "/api/v1/ladders/x/versions/-1", "/api/v1/frameworks/x/rules/versions/abc", "/keys/%00", "/issuers/%zz",
        "/status-lists/999999999999/revocation", "/status-lists/x/y", "/credentials/share/%00", "/xapi\\..\\..\\etc",
        "/api/v1/people/" + latin1("ü€"), "/api/v1/people/%E2%80%AE", "/xapi/statements/%", "/api/v1/people/p1/progress/../../credentials",
        "/api/v1/people/" + "%41".repeat(1_000), "/xapi/%zz", "/", "/favicon.ico", "/api/v1/", "/xapi/"};
    for (String p : paths) {
      add(PATHS, 15, () -> req(PATHS, "GET " + Attack.printable(p, 60)).target(p).build());
    }
    add(PATHS, 15, () -> req(PATHS, "GET 10 KB path").target("/xapi/" + "a".repeat(10_240)).build());
    add(PATHS, 15, () -> req(PATHS, "GET 3 KB person id").target("/api/v1/people/" + "p".repeat(3_000)).build());
    add(PATHS, 15, () -> req(PATHS, "GET 3 KB stateId").target(stateQuery("s".repeat(3_000))).build());
    add(PATHS, 15, () -> req(PATHS, "GET absolute-form http://evil.example/xapi/about").target("http://evil.example/xapi/about")
        .build());
    add(PATHS, 15, () -> req(PATHS, "OPTIONS *").method("OPTIONS").target("*").build());
    add(PATHS, 15, () -> req(PATHS, "GET path without leading slash").target("xapi/statements").build());
  }

  private void versionHeaders() {
    String[][] versions = {
        {"missing", null}, {"3.0.0", "3.0.0"}, {"2.0", "2.0"}, {"1.0", "1.0"}, {"0.9", "0.9"}, {"empty", ""},
        {"2.0.0 twice in one value", "2.0.0, 1.0.3"}, {"1.0.3-rc1", "1.0.3-rc1"}, {"2.0.0 with a NUL", "2.0.0\0"},
        {"10 KB", "2.0.0" + "0".repeat(7_000)}, {"fullwidth digits", latin1("２.0.0")}, {"2.0.99999999999", "2.0.99999999999"},
        {"1.0.99999999999999999999", "1.0.99999999999999999999"}, {"-1", "-1"}, {"%zz", "%zz"},
    };
    String[] paths = {"/xapi/statements?limit=1", "/xapi/activities/state", "/xapi/activities?activityId=" + enc(ACTIVITY),
        "/xapi/agents?agent=" + enc(agent())};
    for (String[] v : versions) {
      add(VERSION, 25, () -> {
        int at = random.nextInt(paths.length + 1);
        if (at == paths.length) {
          UUID id = uuid();
          return req(VERSION, "POST /xapi/statements, version " + v[0]).method("POST").target("/xapi/statements")
              .version(v[1]).json(statement(id)).ids(id).build();
        }
        String path = paths[at].equals(STATE) ? stateQuery("s1") : paths[at];
        return req(VERSION, "GET, version " + v[0]).target(path).version(v[1]).build();
      });
    }
    add(VERSION, 25, () -> req(VERSION, "two version headers").target("/xapi/statements?limit=1")
        .header("X-Experience-API-Version: 1.0.3").build());
  }

  private void invalidStatements() {
    String[][] fields = {
        {"actor a string", "actor", "\"someone\""}, {"verb a number", "verb", "5"}, {"object an array", "object", "[]"},
        {"id a number", "id", "5"}, {"timestamp not a date", "timestamp", "\"yesterday\""},
        {"timestamp a number", "timestamp", "12"}, {"result a string", "result", "\"x\""},
        {"score.raw a string", "score.raw", "\"100\""}, {"context an array", "context", "[]"},
        {"version a number", "version", "2"}, {"stored an object", "stored", "{}"}, {"authority a string", "authority", "\"me\""},
        {"attachments an object", "attachments", "{}"}, {"lone surrogate in verb.display", "verb.display",
        "{\"en-US\":\"\\ud800\"}"}, {"verb.id not an IRI", "verb.id", "\"not an iri\""},
        {"actor with two IFIs", "actor", "{\"mbox\":\"mailto:a@bench.example\",\"openid\":\"https://bench.example/a\"}"},
        {"actor a 1,000-member group", "actor", group(1_000)},
    };
    for (String[] f : fields) {
      add(INVALID, 20, () -> {
        UUID id = uuid();
        return req(INVALID, "statement with " + f[0]).method("POST").target("/xapi/statements")
            .json(statement(id, f[1], Body.of(f[2]))).ids(id).build();
      });
    }
    String[][] bodies = {
        {"null", "null"}, {"[]", "[]"}, {"\"string\"", "\"string\""}, {"true", "true"}, {"0", "0"}, {"{}", "{}"},
        {"[null]", "[null]"}, {"[[]]", "[[]]"}, {"[1,2,3]", "[1,2,3]"}, {"empty body", ""}, {"whitespace", "   \r\n\t "},
        {"single quotes", "{'id':'x'}"}, {"comments", "/* hi */ {}"}, {"NaN", "{\"a\":NaN}"}, {"trailing comma", "{\"a\":1,}"},
        {"unquoted key", "{a:1}"}, {"two documents", "{} {}"}, {"trailing garbage", "{}xyz"},
    };
    for (String[] b : bodies) {
      add(INVALID, 15, () -> req(INVALID, "body " + b[0]).method("POST").target("/xapi/statements").json(Body.of(b[1])).build());
    }
    add(INVALID, 15, () -> {
      StringBuilder junk = new StringBuilder("[");
      String[] items = {"null", "1", "\"x\"", "[]", "{}", "true", "{\"id\":5}", "-0.0e-0"};
      for (int i = 0; i < 5_000; i++) {
        junk.append(i == 0 ? "" : ",").append(pick(items));
      }
      return req(INVALID, "5,000-element array of junk").method("POST").target("/xapi/statements")
          .json(Body.of(junk.append(']').toString())).build();
    });
    add(INVALID, 15, () -> {
      StringBuilder junk = new StringBuilder("[");
      for (int i = 0; i < 1_000; i++) {
        junk.append(i == 0 ? "" : ",").append("{}");
      }
      return req(INVALID, "1,000 empty objects").method("POST").target("/xapi/statements")
          .json(Body.of(junk.append(']').toString())).build();
    });
    add(INVALID, 15, () -> {
      UUID id = uuid();
      String s = statementText(id);
      return req(INVALID, "duplicate key").method("POST").target("/xapi/statements")
          .json(Body.of("{\"verb\":{\"id\":\"" + VERB + "\"}," + s.substring(1))).ids(id).build();
    });
    add(INVALID, 15, () -> {
      UUID id = uuid();
      byte[] s = statement(id, "result.response", Body.of(new byte[] {'"', (byte) 0xC3, 0x28, (byte) 0xFE, '"'})).bytes();
      return req(INVALID, "invalid UTF-8 in a string").method("POST").target("/xapi/statements").json(Body.of(s)).ids(id).build();
    });
    add(INVALID, 15, () -> {
      UUID id = uuid();
      byte[] s = statement(id, "result.response", Body.of(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'})).bytes();
      return req(INVALID, "CESU-8 surrogate bytes in a string").method("POST").target("/xapi/statements").json(Body.of(s))
          .ids(id).build();
    });
    add(INVALID, 15, () -> {
      UUID a = uuid();
      UUID b = uuid();
      return req(INVALID, "PUT with an array body").method("PUT").target("/xapi/statements?statementId=" + a)
          .json(Body.of("[").then(statement(a)).then(",").then(statement(b)).then("]")).ids(List.of(a, b)).build();
    });
    add(INVALID, 15, () -> {
      UUID a = uuid();
      return req(INVALID, "batch with one id twice").method("POST").target("/xapi/statements")
          .json(Body.of("[").then(statement(a)).then(",").then(statement(a)).then("]")).ids(a).build();
    });
    add(INVALID, 15, () -> {
      UUID a = uuid();
      return req(INVALID, "voiding a statement that does not exist").method("POST").target("/xapi/statements")
          .json(Body.of("{\"id\":\"" + a + "\",\"actor\":{\"mbox\":\"mailto:v@bench.example\"},\"verb\":{\"id\":"
              + "\"http://adlnet.gov/expapi/verbs/voided\"},\"object\":{\"objectType\":\"StatementRef\",\"id\":\""
              + uuid() + "\"}}")).ids(a).build();
    });
    add(INVALID, 15, () -> {
      UUID a = uuid();
      return req(INVALID, "SubStatement in a SubStatement").method("POST").target("/xapi/statements")
          .json(statement(a, "object", Body.of("{\"objectType\":\"SubStatement\",\"actor\":{\"mbox\":\"mailto:s@bench.example\"},"
              + "\"verb\":{\"id\":\"" + VERB + "\"},\"object\":{\"objectType\":\"SubStatement\",\"actor\":{\"mbox\":"
              + "\"mailto:s@bench.example\"},\"verb\":{\"id\":\"" + VERB + "\"},\"object\":{\"id\":\"" + ACTIVITY + "\"}}}")))
          .ids(a).build();
    });
  }

  private void badUuids() {
    String[] ids = {"not-a-uuid", "%7B" + "3f2504e0-4f89-11d3-9a0c-0305e82c3301" + "%7D", "1-1-1-1-1", "z".repeat(36),
        "3f2504e0-4f89-11d3-9a0c-0305e82c33010", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", "", "%00", "0x1",
        "3f2504e0-4f89-11d3-9a0c-0305e82c330g", "3f2504e04f8911d39a0c0305e82c3301", "-1", "99999999999999999999"};
    for (String id : ids) {
      add(UUIDS, 15, () -> req(UUIDS, "GET ?statementId=" + id).target("/xapi/statements?statementId=" + id).build());
      add(UUIDS, 8, () -> req(UUIDS, "GET ?voidedStatementId=" + id).target("/xapi/statements?voidedStatementId=" + id).build());
      add(UUIDS, 8, () -> {
        UUID real = uuid();
        return req(UUIDS, "PUT ?statementId=" + id).method("PUT").target("/xapi/statements?statementId=" + id)
            .json(statement(real)).ids(real).build();
      });
      add(UUIDS, 8, () -> {
        UUID real = uuid();
        String text = statementText(real);
        if (id.equals(id.toUpperCase(java.util.Locale.ROOT)) && uuidForm(id)) {
          // an uppercase UUID is a valid id: a fresh one, so that the statement can be looked up
          return req(UUIDS, "POST statement with an uppercase id").method("POST").target("/xapi/statements")
              .json(Body.of(text.replace(real.toString(), real.toString().toUpperCase(java.util.Locale.ROOT)))).ids(real)
              .build();
        }
        // the statement's id is the bad one, so there is no id to look it up by
        return req(UUIDS, "POST statement with id " + id).method("POST").target("/xapi/statements")
            .json(Body.of(text.replace(real.toString(), id))).build();
      });
      add(UUIDS, 5, () -> req(UUIDS, "GET /api/v1/badges/" + id).target("/api/v1/badges/" + id).build());
      add(UUIDS, 5, () -> req(UUIDS, "POST /api/v1/badges/" + id + "/revoke").method("POST")
          .target("/api/v1/badges/" + id + "/revoke").json(Body.of("{}")).build());
      add(UUIDS, 5, () -> req(UUIDS, "GET state ?registration=" + id).target(stateQuery("s1") + "&registration=" + id).build());
      add(UUIDS, 5, () -> {
        UUID real = uuid();
        return req(UUIDS, "POST statement with context.registration " + id).method("POST").target("/xapi/statements")
            .json(statement(real, "context", Body.of("{\"registration\":\"" + id + "\"}"))).ids(real).build();
      });
    }
    add(UUIDS, 10, () -> req(UUIDS, "statementId and voidedStatementId together").target("/xapi/statements?statementId="
        + uuid() + "&voidedStatementId=" + uuid()).build());
    add(UUIDS, 10, () -> req(UUIDS, "DELETE /api/v1/badges/x/shares/y").method("DELETE")
        .target("/api/v1/badges/1-1-1-1-1/shares/zz").build());
  }

  private void badQueries() {
    String[] queries = {"since=garbage", "since=2024-13-45T00:00:00Z", "since=99999-01-01T00:00:00Z",
        "since=%2B999999999-12-31T23:59:59Z", "until=-1", "until=1e400000", "limit=-1", "limit=999999999999", "limit=abc",
        "limit=1e3", "limit=", "limit=2147483648", "limit=0", "ascending=maybe", "format=foo", "attachments=yes",
        "related_activities=1", "related_agents=sure", "more=garbage", "more=" + enc(Base64.getEncoder()
            .encodeToString("{\"seq\":-1,\"x\":[[[[".getBytes(StandardCharsets.UTF_8))), "more=" + "m".repeat(3_000),
        "verb=not%20an%20iri", "activity=%20", "registration=x", "limit=1&limit=2", "foo=bar",
        "since=2024-01-01T00:00:00Z&until=2023-01-01T00:00:00Z", "since=2024-01-01T00:00:00%2B99:00",
        "activity=" + enc(ACTIVITY) + "&related_activities=true&limit=999999999"};
    for (String q : queries) {
      add(QUERY, 18, () -> req(QUERY, "GET /xapi/statements?" + Attack.printable(q, 60)).target("/xapi/statements?" + q).build());
    }
    add(QUERY, 18, () -> {
      StringBuilder q = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        q.append(i == 0 ? "" : "&").append("p").append(i).append('=').append(i);
      }
      return req(QUERY, "GET /xapi/statements with 200 parameters").target("/xapi/statements?" + q).build();
    });
    String[] state = {"since=garbage", "since=2024-13-45T00:00:00Z", "stateId=a&stateId=b", "extra=1"};
    for (String q : state) {
      add(QUERY, 12, () -> req(QUERY, "GET state &" + q).target(STATE + "?activityId=" + enc(ACTIVITY) + "&agent="
          + enc(agent()) + "&" + q).build());
    }
    String[] api = {"/api/v1/audit?limit=-1", "/api/v1/audit?limit=99999999999", "/api/v1/audit?since=x",
        "/api/v1/badges?limit=-1", "/api/v1/badges?limit=99999999999", "/api/v1/badges?status=%zz",
        "/api/v1/cohorts?minGroupSize=-1", "/api/v1/cohorts?frameworkId=" + "f".repeat(2_000),
        "/api/v1/credentials?limit=abc", "/api/v1/progression/status?x=" + "y".repeat(2_000)};
    for (String p : api) {
      add(QUERY, 12, () -> req(QUERY, "GET " + Attack.printable(p, 60)).target(p).build());
    }
  }

  private void badAgents() {
    String[] agents = {"{", "[]", "\"x\"", "null", "{}", "{\"mbox\":\"x\"}", "{\"mbox\":\"mailto:\"}",
        "{\"objectType\":\"Group\"}", "{\"account\":{}}", "{\"mbox\":\"mailto:a@b\",\"mbox_sha1sum\":\"x\"}",
        "{\"mbox\":\"mailto:a@b\",\"name\":5}", "{\"openid\":\"not a uri\"}", "{\"mbox\":[\"mailto:a@b\"]}",
        "{\"mbox\":\"mailto:a@b\"}x", "{\"account\":{\"homePage\":\"x\",\"name\":\"\\u0000\"}}",
        "{\"mbox\":\"mailto:%zz\"}", "{\"mbox\":\"mailto:a@b\",\"mbox\":\"mailto:c@d\"}",
        "[".repeat(500) + "]".repeat(500), "{\"a\":".repeat(300) + "1" + "}".repeat(300), group(50),
        "{\"mbox_sha1sum\":\"" + "f".repeat(2_000) + "\"}", "{\"mbox\":\"mailto:a@b\",\"objectType\":\"Agent\","
        + "\"account\":{\"homePage\":\"https://bench.example\",\"name\":\"a\"}}"};
    String[] paths = {"/xapi/statements?agent=", "/xapi/agents?agent=", "/xapi/agents/profile?agent=",
        STATE + "?activityId=" + enc(ACTIVITY) + "&stateId=s1&agent=", "/xapi/activities/profile?activityId="
        + enc(ACTIVITY) + "&agent="};
    for (String a : agents) {
      add(AGENT, 25, () -> {
        String path = pick(paths);
        return req(AGENT, "agent=" + Attack.printable(a, 50) + " on " + path.substring(0, path.indexOf('?')))
            .target(path + enc(a)).build();
      });
    }
    add(AGENT, 25, () -> req(AGENT, "agent= with unencoded JSON").target("/xapi/statements?agent={\"mbox\":\"mailto:a@b\"}")
        .build());
    add(AGENT, 25, () -> {
      UUID id = uuid();
      return req(AGENT, "POST state with a bad agent").method("POST").target(STATE + "?activityId=" + enc(ACTIVITY)
          + "&stateId=s1&agent=" + enc("{\"mbox\":\"x\"}")).json(Body.of("{\"id\":\"" + id + "\"}")).build();
    });
  }

  // ---- building blocks ----

  /** A request of the well-formed kind: Host, the credential and version 2.0.0 unless changed. */
  private Req req(String kind, String shape) {
    return new Req(kind, shape);
  }

  private Req get(String kind, String target, boolean auth) {
    Req r = req(kind, "GET " + target + (auth ? "" : " (no auth)")).target(target);
    return auth ? r : r.noAuth();
  }

  /** A request whose head is given byte for byte, sent on a connection of its own. */
  private Attack raw(String kind, String shape, String head, Body body) {
    String method = head.contains(" ") ? head.substring(0, head.indexOf(' ')) : "GET";
    return new Attack(kind, shape, method, head.getBytes(StandardCharsets.ISO_8859_1), body, true, List.of(), false,
        versionGarbage(head) ? 505 : 0);
  }

  /** Whether a request line names a protocol other than HTTP/1.0 or HTTP/1.1 (505 is then a proper answer). */
  private static boolean versionGarbage(String head) {
    int end = head.indexOf('\n');
    String line = (end < 0 ? head : head.substring(0, end)).trim();
    int space = line.lastIndexOf(' ');
    String protocol = space < 0 ? "" : line.substring(space + 1);
    return space > 0 && !protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0");
  }

  private final class Req {
    private final String kind;
    private final String shape;
    private String method = "GET";
    private String target = "/";
    private String auth = authorization;
    private String version = "2.0.0";
    private String contentType;
    private String contentLength;
    private boolean noLength;
    private boolean fresh;
    private boolean nul;
    private Body body = Body.EMPTY;
    private final List<String> headers = new ArrayList<>();
    private final List<UUID> ids = new ArrayList<>();

    Req(String kind, String shape) {
      this.kind = kind;
      this.shape = shape;
    }

    Req method(String m) { method = m; return this; }
    Req target(String t) { target = t; return this; }
    Req auth(String header) { auth = header; return this; }
    Req noAuth() { auth = null; return this; }
    Req version(String v) { version = v; return this; }
    Req contentType(String t) { contentType = t; return this; }
    Req json(Body b) { contentType = "application/json"; body = b; return this; }
    Req body(Body b) { body = b; return this; }
    Req header(String line) { headers.add(line); return this; }
    Req contentLength(String value) { contentLength = value; return this; }
    Req noLength() { noLength = true; return this; }
    Req fresh() { fresh = true; return this; }
    Req ids(UUID id) { ids.add(id); return this; }
    Req ids(List<UUID> list) { ids.addAll(list); return this; }
    Req nul() { nul = true; return this; }
    Req nul(boolean b) { nul = b; return this; }

    Attack build() {
      StringBuilder h = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      h.append("Host: ").append(host).append("\r\n");
      if (auth != null) {
        h.append("Authorization: ").append(auth).append("\r\n");
      }
      if (version != null) {
        h.append("X-Experience-API-Version: ").append(version).append("\r\n");
      }
      if (contentType != null) {
        h.append("Content-Type: ").append(contentType).append("\r\n");
      }
      for (String line : headers) {
        h.append(line).append("\r\n");
      }
      if (!noLength) {
        String length = contentLength != null ? contentLength
            : body.length() > 0 || method.equals("POST") || method.equals("PUT") ? String.valueOf(body.length()) : null;
        if (length != null) {
          h.append("Content-Length: ").append(length).append("\r\n");
        }
      }
      h.append("\r\n");
      return new Attack(kind, shape, method, h.toString().getBytes(StandardCharsets.ISO_8859_1), body, fresh, ids, nul, 0);
    }
  }

  /** A valid statement with this id. */
  private Body statement(UUID id) {
    return statement(id, "none", Body.EMPTY);
  }

  private String statementText(UUID id) {
    return new String(statement(id).bytes(), StandardCharsets.UTF_8);
  }

  private String statementText(UUID id, String slot, String value) {
    return new String(statement(id, slot, Body.of(value)).bytes(), StandardCharsets.UTF_8);
  }

  /**
   * A valid-looking statement with {@code value} in one slot (a JSON value as text, possibly hostile):
   * verb.display, object.name, result.response, result.extensions, context.extensions, score.raw, …
   * or a whole member (actor, verb, object, result, context, id, timestamp, …).
   */
  private Body statement(UUID id, String slot, Body value) {
    int n = ++serial;
    String v = HOLE;
    String actor = slot.equals("actor") ? v : "{\"objectType\":\"Agent\",\"name\":" + (slot.equals("actor.name") ? v
        : "\"Hostile Bench\"") + ",\"mbox\":\"mailto:hostile-" + (n % 500) + "@bench.example\"}";
    String display = slot.equals("verb.display") ? v : "{\"en-US\":\"attempted\"}";
    String verb = slot.equals("verb") ? v : "{\"id\":" + (slot.equals("verb.id") ? v : "\"" + VERB + "\"")
        + ",\"display\":" + display + "}";
    String definition = "{\"name\":" + (slot.equals("object.name") ? v : "{\"en-US\":\"Hostile bench activity\"}")
        + (slot.equals("object.description") ? ",\"description\":" + v : "")
        + (slot.equals("object.extensions") ? ",\"extensions\":" + v : "")
        + (slot.equals("choices") ? ",\"type\":\"http://adlnet.gov/expapi/activities/cmi.interaction\","
            + "\"interactionType\":\"choice\",\"choices\":" + v : "") + "}";
    String object = slot.equals("object") ? v : "{\"objectType\":\"Activity\",\"id\":\"" + ACTIVITY + "/" + (n % 100)
        + "\",\"definition\":" + definition + "}";
    String result = switch (slot) {
      case "result" -> v;
      case "result.response" -> "{\"response\":" + v + "}";
      case "result.extensions" -> "{\"completion\":true,\"extensions\":" + v + "}";
      case "score.raw" -> "{\"score\":{\"raw\":" + v + "}}";
      case "score.scaled" -> "{\"score\":{\"scaled\":" + v + "}}";
      default -> null;
    };
    String context = switch (slot) {
      case "context" -> v;
      case "context.extensions" -> "{\"registration\":\"" + uuid() + "\",\"extensions\":" + v + "}";
      default -> null;
    };
    StringBuilder s = new StringBuilder("{\"id\":").append(slot.equals("id") ? v : "\"" + id + "\"")
        .append(",\"actor\":").append(actor).append(",\"verb\":").append(verb).append(",\"object\":").append(object);
    if (result != null) {
      s.append(",\"result\":").append(result);
    }
    if (context != null) {
      s.append(",\"context\":").append(context);
    }
    if (slot.equals("attachments.display")) {
      s.append(",\"attachments\":[{\"usageType\":\"https://bench.example/usage\",\"display\":").append(v)
          .append(",\"contentType\":\"text/plain\",\"length\":5,\"sha2\":\"").append("b".repeat(64))
          .append("\",\"fileUrl\":\"https://bench.example/f.txt\"}]");
    }
    for (String member : new String[] {"version", "stored", "authority", "attachments"}) {
      if (slot.equals(member)) {
        s.append(",\"").append(member).append("\":").append(v);
      }
    }
    s.append(",\"timestamp\":").append(slot.equals("timestamp") ? v : "\"2024-05-01T10:00:00.000Z\"").append('}');
    String text = s.toString();
    int at = text.indexOf(HOLE);
    if (at < 0) {
      return Body.of(text);
    }
    return Body.of(text.substring(0, at)).then(value).then(text.substring(at + 1));
  }

  /** A statement whose attachment claims the given SHA-256 (for the multipart bodies). */
  private String attachmentStatement(UUID id, String sha) {
    return statementText(id, "attachments", "[{\"usageType\":\"https://bench.example/usage\",\"display\":{\"en-US\":\"a\"},"
        + "\"contentType\":\"text/plain\",\"length\":5,\"sha2\":\"" + sha + "\"}]");
  }

  private String stateQuery(String stateId) {
    return STATE + "?activityId=" + enc(ACTIVITY) + "&agent=" + enc(agent()) + "&stateId=" + stateId;
  }

  private String agent() {
    return "{\"mbox\":\"mailto:hostile@bench.example\"}";
  }

  private static String person(String id, String name) {
    return "[{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"agents\":[{\"mbox\":\"mailto:" + id.replace("\\", "")
        + "@bench.example\"}]}]";
  }

  private static String group(int members) {
    StringBuilder g = new StringBuilder("{\"objectType\":\"Group\",\"name\":\"big\",\"member\":[");
    for (int i = 0; i < members; i++) {
      g.append(i == 0 ? "" : ",").append("{\"mbox\":\"mailto:m").append(i).append("@bench.example\"}");
    }
    return g.append("]}").toString();
  }

  /** Whether a string has the 8-4-4-4-12 hex form of a UUID (the one form xAPI allows for ids). */
  private static boolean uuidForm(String s) {
    return s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }

  private UUID uuid() {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  private <T> T pick(T[] options) {
    return options[random.nextInt(options.length)];
  }

  private static String basic(String credentials) {
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  /** UTF-8 bytes of {@code s} as ISO-8859-1 characters: raw UTF-8 in a request head. */
  private static String latin1(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
