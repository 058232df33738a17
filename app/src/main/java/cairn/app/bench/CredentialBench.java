package cairn.app.bench;

import static cairn.app.bench.Out.f;
import static cairn.app.bench.Out.progress;
import static cairn.app.bench.Out.sleep;

import cairn.app.Config;
import cairn.app.Database;
import cairn.credentials.IssuerOptions;
import cairn.credentials.IssuerVerticle;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.profiles.Profiles;
import cairn.credentials.status.StatusLists;
import cairn.credentials.verify.Report;
import cairn.credentials.verify.Verifier;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench credentials}: OB 3.0 issuance and verification against raw Nimbus JOSE+JWT on the
 * same machine and the same payloads. Issuance: outbox rows → the real {@link IssuerVerticle} → signed
 * and recorded credentials, timed from the commit of the rows to the last credential recorded; raw:
 * RS256 signing of the very payloads it produced (same key size, one thread per core). Verification:
 * the verify API's engine ({@link Verifier}: signature, structure, claims, issuer, dates, status) on
 * those credentials vs. raw parse + RS256 signature check, one thread per core each.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
    description = "Benchmark OB 3.0 credential issuance and verification against raw Nimbus RS256.")
public final class CredentialBench implements Callable<Integer> {
  @Option(names = "--count", description = "Credentials per round (default ${DEFAULT-VALUE}).")
  int count = 2000;
  @Option(names = "--rounds", description = "Rounds, alternating which side goes first (default ${DEFAULT-VALUE}).")
  int rounds = 3;
  @Option(names = "--data-dir", description = "Keep the embedded database here instead of a temporary directory.")
  Path dataDir;

  private final int threads = Runtime.getRuntime().availableProcessors();
  private final List<String> report = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Path temp = dataDir != null ? dataDir : Files.createTempDirectory("cairn-bench-credentials");
    Config config = Config.from(Map.of("CAIRN_DATA_DIR", temp.toString()));
    Vertx vertx = Vertx.vertx();
    progress("Starting an embedded PostgreSQL in " + temp);
    try (Database db = Database.open(config)) {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(16)).connectingTo(db.connectOptions()).using(vertx).build();
      char[] secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
      IssuerOptions base = IssuerOptions.defaults("http://localhost:8080", secret);
      IssuerOptions options = new IssuerOptions(base.publicUrl(), secret, base.issuerName(), base.issuerUrl(), null, null,
          base.clockSkew(), base.statusListSize(), Duration.ofMillis(10), 100, null, 2048, false);
      String worker = vertx.deployVerticle(new IssuerVerticle(pool, options)).await();
      KeyRing keys = new KeyRing(pool, options);
      Verifier verifier = new Verifier(keys, new StatusLists(pool, options, keys, new Profiles(pool, options)), options);
      RSAKey rawKey = new RSAKeyGenerator(2048).generate();
      JWSHeader rawHeader = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("https://bench.example/keys/raw")
          .type(JOSEObjectType.JWT).build();

      progress("Warming up: " + Math.min(count, 500) + " credentials each way");
      List<String> warm = issue(pool, "warm", Math.min(count, 500));
      rawSign(rawKey, rawHeader, payloads(warm));
      verify(vertx, verifier, warm);
      rawVerify(keys, warm);

      double[] issued = new double[rounds];
      double[] signed = new double[rounds];
      double[] verified = new double[rounds];
      double[] checked = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        progress("Round " + (r + 1) + ": issuing " + count + " credentials from the outbox");
        long start = System.nanoTime();
        List<String> jwts = issue(pool, "round" + r, count);
        double issueRate = rate(count, System.nanoTime() - start);
        List<String> payloads = payloads(jwts);
        double signRate = rate(count, rawSign(rawKey, rawHeader, payloads));
        issued[r] = issueRate;
        signed[r] = signRate;
        progress("Round " + (r + 1) + ": verifying them, Cairn and raw");
        if (r % 2 == 0) {
          verified[r] = rate(count, verify(vertx, verifier, jwts));
          checked[r] = rate(count, rawVerify(keys, jwts));
        } else {
          checked[r] = rate(count, rawVerify(keys, jwts));
          verified[r] = rate(count, verify(vertx, verifier, jwts));
        }
      }
      report.add("Machine: " + threads + " cores, Java " + System.getProperty("java.vm.version") + ", RSA 2048, "
          + count + " credentials per round, " + rounds + " rounds, " + threads + " threads each side");
      report.add("");
      report.add("| | median per second | each round |");
      report.add("|---|---|---|");
      report.add(row("Cairn issuance (outbox → signed, recorded credential)", issued));
      report.add(row("raw Nimbus RS256 signing of the same payloads", signed));
      report.add(row("Cairn verification (every check, incl. status)", verified));
      report.add(row("raw Nimbus parse + RS256 verify", checked));
      report.add("");
      report.add("issuance / raw signing: " + f(median(issued) / median(signed)) + "  (target >= 0.5)");
      report.add("verification / raw verify: " + f(median(verified) / median(checked)) + "  (target >= 0.5)");
      System.out.println();
      System.out.println("==== cairn bench credentials ====");
      report.forEach(System.out::println);
      vertx.undeploy(worker).await();
      pool.close().await();
      return 0;
    } finally {
      vertx.close().await();
      if (dataDir == null) {
        try (var paths = Files.walk(temp)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** Inserts {@code n} outbox rows in one transaction and waits until the worker has recorded them all. */
  private List<String> issue(Pool pool, String tag, int n) {
    String[] people = new String[n];
    String[] recipients = new String[n];
    for (int i = 0; i < n; i++) {
      people[i] = "bench-" + tag + "-" + i;
      recipients[i] = "{\"mbox\": \"mailto:" + people[i] + "@northwind.example\"}";
    }
    String achievement = """
        {"name": "Reliable deployer", "description": "Ships changes to production safely, week after week.",
         "criteria": {"narrative": "Level 3 in continuous delivery, observability and incident response."},
         "achievementType": "Competency",
         "alignments": [{"targetUrl": "https://case.example/uri/5b3c0a57-0001", "targetName": "Continuous delivery",
                         "targetFramework": "Platform Engineering", "targetCode": "PE.3"}]}""";
    String evidence = "[" + String.join(",", java.util.Collections.nCopies(3,
        "{\"statementId\": \"" + UUID.randomUUID() + "\", \"rule\": \"passed the cmi5 course\"}")) + "]";
    pool.preparedQuery("""
            insert into progression.issuance_requests (person_id, recipient, recipient_name, achievement_id, ladder_id,
              ladder_version, achievement, evidence, reached_at)
            select p, r::jsonb, 'Bench Learner', 'https://cairn.example/achievements/reliable-deployer',
              'https://cairn.example/ladders/platform', 1, $3::text::jsonb, $4::text::jsonb, now()
            from unnest($1::text[], $2::text[]) as t(p, r)""")
        .execute(Tuple.of(people, recipients, achievement, evidence)).await();
    String like = "bench-" + tag + "-%";
    while (pool.preparedQuery("select count(*) as n from credentials.credentials where person_id like $1")
        .execute(Tuple.of(like)).await().iterator().next().getLong("n") < n) {
      sleep(5);
    }
    List<String> jwts = new ArrayList<>(n);
    pool.preparedQuery("select jwt from credentials.credentials where person_id like $1").execute(Tuple.of(like)).await()
        .forEach(row -> jwts.add(row.getString("jwt")));
    return jwts;
  }

  private static List<String> payloads(List<String> jwts) {
    return jwts.stream().map(j -> new String(Base64.getUrlDecoder().decode(j.split("\\.")[1]), StandardCharsets.UTF_8)).toList();
  }

  private long rawSign(RSAKey key, JWSHeader header, List<String> payloads) {
    return Parallel.run(payloads.size(), Parallel.times(threads, new java.util.function.IntConsumer() {
      final ThreadLocal<RSASSASigner> signer = ThreadLocal.withInitial(() -> {
        try {
          return new RSASSASigner(key);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      @Override
      public void accept(int i) {
        try {
          JWSObject jws = new JWSObject(header, new Payload(payloads.get(i)));
          jws.sign(signer.get());
          jws.serialize();
        } catch (Exception e) {
          throw new BenchException("raw signing failed", e);
        }
      }
    }));
  }

  private long verify(Vertx vertx, Verifier verifier, List<String> jwts) {
    return Parallel.run(jwts.size(), Parallel.times(threads, i -> {
      Report report = verifier.verify(vertx, jwts.get(i)).await();
      if (!report.valid()) {
        throw new BenchException("a credential did not verify: " + report.json());
      }
    }));
  }

  private long rawVerify(KeyRing keys, List<String> jwts) {
    List<JWK> all = new ArrayList<>();
    keys.all().await().forEach(k -> all.add(k.publicJwk()));
    JWKSet set = new JWKSet(all);
    return Parallel.run(jwts.size(), Parallel.times(threads, i -> {
      try {
        JWSObject jws = JWSObject.parse(jwts.get(i));
        RSAKey key = (RSAKey) set.getKeyByKeyId(jws.getHeader().getKeyID());
        if (!jws.verify(new RSASSAVerifier(key))) {
          throw new BenchException("raw verification failed");
        }
      } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
        throw new BenchException("raw verification failed", e);
      }
    }));
  }

  private static double rate(int n, long nanos) {
    return n / (nanos / 1e9);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String row(String label, double[] rates) {
    return "| " + label + " | " + String.format("%,.0f", median(rates)) + " | "
        + String.join(", ", Arrays.stream(rates).mapToObj(r -> String.format("%,.0f", r)).toList()) + " |";
  }

}
