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
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
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
 * {@code cairn bench credentials}: OB 3.0 issuance and verification against the raw libraries on the
 * same machine and the same payloads. Issuance: outbox rows → the real {@link IssuerVerticle} → signed
 * and recorded credentials in both forms (VC-JWT RS256 and Data Integrity eddsa-rdfc-2022), timed from
 * the commit of the rows to the last credential recorded; raw: Nimbus RS256 signing of the very
 * payloads it produced plus the proof's library floor ({@link RawDataIntegrity}), one thread per core.
 * Verification: the verify API's engine ({@link Verifier}: signature, structure, claims, issuer,
 * dates, status) on each form vs. its raw check. Then each signature algorithm alone.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
    description = "Benchmark OB 3.0 credential issuance and verification against the raw libraries (Nimbus, Titanium, JDK Ed25519).")
public final class CredentialBench implements Callable<Integer> {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  /** Passes of VC-JWT verification over a round's credentials, each side: a round then lasts seconds, not tenths. */
  static final int JWT_PASSES = 10;
  @Option(names = "--count", description = "Credentials per round (default ${DEFAULT-VALUE}).")
  int count = 2000;
  @Option(names = "--rounds", description = "Rounds, alternating which side goes first (default ${DEFAULT-VALUE}).")
  int rounds = 3;
  @Option(names = "--warm-up", description = "Longest warm-up in seconds: rounds until the JIT compiler is busy less "
      + "than 10% of a round (default ${DEFAULT-VALUE}).")
  int warmup = 120;
  @Option(names = "--data-dir", description = "Keep the embedded database here instead of a temporary directory.")
  Path dataDir;

  private final int threads = Runtime.getRuntime().availableProcessors();
  private final List<String> report = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Scratch scratch = Scratch.of(dataDir, "cairn-bench-credentials");
    Path temp = scratch.dir();
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

      java.security.PrivateKey rawEd25519 = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
      progress("Warming up both sides until the JIT compiler is done with them (at most " + warmup + " s)");
      String warmupNote = JitWarmup.run(warmup, round -> {
        List<Issued> warm = issue(pool, "warm" + round, 500);
        rawIssue(rawKey, rawHeader, rawEd25519, warm);
        // a VC-JWT verification takes ~0.1 ms: 20 passes over the round's credentials, a second or two
        List<String> warmJwts = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
          warmJwts.addAll(jwts(warm));
        }
        verify(vertx, verifier, warmJwts);
        rawVerify(keys, warmJwts);
        verifyDataIntegrity(vertx, verifier, warm);
        rawVerifyDataIntegrity(keys, warm);
      }).describe("500 credentials issued and verified each way");

      double[] issued = new double[rounds];
      double[] signed = new double[rounds];
      double[] verified = new double[rounds];
      double[] checked = new double[rounds];
      double[] verifiedDi = new double[rounds];
      double[] checkedDi = new double[rounds];
      List<String> algorithms = List.of("RS256", "ES256", "Ed25519");
      double[][][] raw = new double[algorithms.size()][2][rounds];
      for (int r = 0; r < rounds; r++) {
        progress("Round " + (r + 1) + ": issuing " + count + " credentials from the outbox, then the same work raw");
        long start = System.nanoTime();
        List<Issued> credentials = issue(pool, "round" + r, count);
        issued[r] = rate(count, System.nanoTime() - start);
        signed[r] = rate(count, rawIssue(rawKey, rawHeader, rawEd25519, credentials));
        progress("Round " + (r + 1) + ": verifying them, Cairn and raw, both forms");
        List<String> jwts = jwts(credentials);
        // a VC-JWT verification takes ~0.1 ms, so one pass over the round's credentials lasts a few
        // tenths of a second and a GC or a checkpoint decides it: both sides verify them JWT_PASSES times
        List<String> passes = new ArrayList<>();
        for (int k = 0; k < JWT_PASSES; k++) {
          passes.addAll(jwts);
        }
        if (r % 2 == 0) {
          verified[r] = rate(passes.size(), verify(vertx, verifier, passes));
          checked[r] = rate(passes.size(), rawVerify(keys, passes));
          verifiedDi[r] = rate(count, verifyDataIntegrity(vertx, verifier, credentials));
          checkedDi[r] = rate(count, rawVerifyDataIntegrity(keys, credentials));
        } else {
          checkedDi[r] = rate(count, rawVerifyDataIntegrity(keys, credentials));
          verifiedDi[r] = rate(count, verifyDataIntegrity(vertx, verifier, credentials));
          checked[r] = rate(passes.size(), rawVerify(keys, passes));
          verified[r] = rate(passes.size(), verify(vertx, verifier, passes));
        }
        List<String> payloads = payloads(jwts);
        for (int a = 0; a < algorithms.size(); a++) {
          double[] rates = rawAlgorithm(algorithms.get(a), payloads);
          raw[a][0][r] = rates[0];
          raw[a][1][r] = rates[1];
        }
      }
      report.add("Machine: " + threads + " cores, Java " + System.getProperty("java.vm.version") + ", RSA 2048, "
          + count + " credentials per round, " + rounds + " rounds, " + threads + " threads each side");
      report.add(warmupNote);
      report.add("Every credential is issued in both forms (the default profile): a VC-JWT signed RS256 and a Data");
      report.add("Integrity document with an eddsa-rdfc-2022 proof (Ed25519 over RDFC-1.0 canonical N-Quads).");
      report.add("");
      report.add("| | median per second | each round |");
      report.add("|---|---|---|");
      report.add(row("Cairn issuance, both forms (outbox → signed, recorded)", issued));
      report.add(row("raw: Nimbus RS256 + Titanium RDFC-1.0 and JDK Ed25519, same payloads", signed));
      report.add(row("Cairn verification, VC-JWT (every check, incl. status)", verified));
      report.add(row("raw Nimbus parse + RS256 verify", checked));
      report.add(row("Cairn verification, Data Integrity (every check, incl. status)", verifiedDi));
      report.add(row("raw Titanium RDFC-1.0 + JDK Ed25519 verify", checkedDi));
      report.add("");
      report.add("issuance / raw: " + f(median(issued) / median(signed)) + "  (target >= 0.8)");
      report.add("verification VC-JWT / raw: " + f(median(verified) / median(checked)) + "  (target >= 0.8)");
      report.add("verification Data Integrity / raw: " + f(median(verifiedDi) / median(checkedDi)) + "  (target >= 0.8)");
      report.add("");
      report.add("Signature algorithms alone, the libraries' own figures on the same payloads (medians, per second):");
      report.add("");
      report.add("| algorithm | sign | verify |");
      report.add("|---|---|---|");
      for (int a = 0; a < algorithms.size(); a++) {
        report.add("| " + algorithms.get(a) + " | " + String.format("%,.0f", median(raw[a][0])) + " | "
            + String.format("%,.0f", median(raw[a][1])) + " |");
      }
      System.out.println();
      System.out.println("==== cairn bench credentials ====");
      report.forEach(System.out::println);
      vertx.undeploy(worker).await();
      pool.close().await();
      return 0;
    } finally {
      vertx.close().await();
      scratch.close();
    }
  }

  /** A recorded credential in both forms: the VC-JWT and the Data Integrity document. */
  record Issued(String jwt, JsonNode dataIntegrity) {}

  /** Inserts {@code n} outbox rows in one transaction and waits until the worker has recorded them all. */
  private List<Issued> issue(Pool pool, String tag, int n) {
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
    var ids = pool.preparedQuery("""
            with made as (
              insert into progression.issuance_requests (person_id, recipient, recipient_name, achievement_id, ladder_id,
                ladder_version, achievement, evidence, reached_at)
              select p, r::jsonb, 'Bench Learner', 'https://cairn.example/achievements/reliable-deployer',
                'https://cairn.example/ladders/platform', 1, $3::text::jsonb, $4::text::jsonb, now()
              from unnest($1::text[], $2::text[]) as t(p, r)
              returning id)
            select min(id) as first, max(id) as last from made""")
        .execute(Tuple.of(people, recipients, achievement, evidence)).await().iterator().next();
    Tuple range = Tuple.of(ids.getLong("first"), ids.getLong("last"));
    // Waiting costs the database next to nothing (an index probe every 5 ms), so it does not slow the issuer
    // it measures: first for the last request (claimed last), then for the count of the whole range.
    while (pool.preparedQuery("select 1 from credentials.credentials where request_id = $1")
        .execute(Tuple.of(ids.getLong("last"))).await().size() == 0) {
      sleep(5);
    }
    while (pool.preparedQuery("select count(*) as n from credentials.credentials where request_id between $1 and $2")
        .execute(range).await().iterator().next().getLong("n") < n) {
      sleep(5);
    }
    List<Issued> issued = new ArrayList<>(n);
    pool.preparedQuery("select jwt, data_integrity::text as di from credentials.credentials where request_id between $1 and $2")
        .execute(range).await()
        .forEach(row -> issued.add(new Issued(row.getString("jwt"), json(row.getString("di")))));
    if (issued.stream().anyMatch(i -> i.jwt() == null || i.dataIntegrity() == null)) {
      throw new BenchException("the default issuer profile must issue both forms (vc-jwt and data-integrity)");
    }
    return issued;
  }

  private static JsonNode json(String text) {
    try {
      return text == null ? null : JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new BenchException("stored credential: " + e.getMessage(), e);
    }
  }

  /** Raw issuance of both forms: Nimbus RS256 over the same payload, then the library floor of the proof. */
  private long rawIssue(RSAKey key, JWSHeader header, java.security.PrivateKey ed25519, List<Issued> credentials) {
    List<String> payloads = payloads(credentials.stream().map(Issued::jwt).toList());
    java.util.Map<String, byte[]> optionsHashes = new java.util.concurrent.ConcurrentHashMap<>();
    return Parallel.run(credentials.size(), Parallel.times(threads, new java.util.function.IntConsumer() {
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
          RawDataIntegrity.sign(ed25519, credentials.get(i).dataIntegrity(), optionsHashes);
        } catch (com.nimbusds.jose.JOSEException e) {
          throw new BenchException("raw signing failed", e);
        }
      }
    }));
  }

  private long verifyDataIntegrity(Vertx vertx, Verifier verifier, List<Issued> credentials) {
    return Parallel.run(credentials.size(), Parallel.times(threads, i -> {
      Report report = verifier.verifyDataIntegrity(vertx, credentials.get(i).dataIntegrity()).await();
      if (!report.valid()) {
        throw new BenchException("a Data Integrity credential did not verify: " + report.json());
      }
    }));
  }

  /** The proof's floor: canonicalize, hash, Ed25519-verify with the issuer's key (no DID, no checks, no status). */
  private long rawVerifyDataIntegrity(KeyRing keys, List<Issued> credentials) {
    java.security.PublicKey publicKey = null;
    for (var k : keys.all().await()) {
      if (k.publicJwk() instanceof com.nimbusds.jose.jwk.OctetKeyPair okp) {
        publicKey = cairn.credentials.dataintegrity.Ed25519.publicKey(okp.getDecodedX());
      }
    }
    java.security.PublicKey key = publicKey;
    return Parallel.run(credentials.size(), Parallel.times(threads, i -> {
      JsonNode di = credentials.get(i).dataIntegrity();
      JsonNode proof = di.path("proof").isArray() ? di.path("proof").path(0) : di.path("proof");
      byte[] signature = cairn.credentials.dataintegrity.Multikey.unbase58(proof.path("proofValue").asText().substring(1));
      if (!RawDataIntegrity.verify(key, di, signature)) {
        throw new BenchException("raw Data Integrity verification failed");
      }
    }));
  }

  /**
   * The libraries' own signing and verification rates per algorithm on the same payloads: Nimbus
   * RS256 (RSA 2048) and ES256 JWS, and the JDK's Ed25519 over the payload bytes (the primitive under
   * Cairn's Data Integrity proofs). Returns {signs/s, verifies/s}.
   */
  private double[] rawAlgorithm(String alg, List<String> payloads) throws Exception {
    java.util.function.Function<String, byte[]> sign;
    java.util.function.BiPredicate<String, byte[]> check;
    if (alg.equals("Ed25519")) {
      java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      sign = payload -> cairn.credentials.dataintegrity.Ed25519.sign(pair.getPrivate(), payload.getBytes(StandardCharsets.UTF_8));
      check = (payload, sig) -> cairn.credentials.dataintegrity.Ed25519.verify(pair.getPublic(),
          payload.getBytes(StandardCharsets.UTF_8), sig);
    } else {
      com.nimbusds.jose.JWSSigner signer;
      com.nimbusds.jose.JWSVerifier verifier;
      if (alg.equals("RS256")) {
        RSAKey k = new RSAKeyGenerator(2048).generate();
        signer = new RSASSASigner(k);
        verifier = new RSASSAVerifier(k);
      } else {
        com.nimbusds.jose.jwk.ECKey k = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate();
        signer = new com.nimbusds.jose.crypto.ECDSASigner(k);
        verifier = new com.nimbusds.jose.crypto.ECDSAVerifier(k);
      }
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(alg)).type(JOSEObjectType.JWT).build();
      sign = payload -> {
        try {
          JWSObject jws = new JWSObject(header, new Payload(payload));
          jws.sign(signer);
          return jws.serialize().getBytes(StandardCharsets.US_ASCII);
        } catch (com.nimbusds.jose.JOSEException e) {
          throw new BenchException("raw " + alg + " signing failed", e);
        }
      };
      check = (payload, compact) -> {
        try {
          return JWSObject.parse(new String(compact, StandardCharsets.US_ASCII)).verify(verifier);
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
          throw new BenchException("raw " + alg + " verification failed", e);
        }
      };
    }
    byte[][] signed = new byte[payloads.size()][];
    long signNs = Parallel.run(payloads.size(), Parallel.times(threads, i -> signed[i] = sign.apply(payloads.get(i))));
    long verifyNs = Parallel.run(payloads.size(), Parallel.times(threads, i -> {
      if (!check.test(payloads.get(i), signed[i])) {
        throw new BenchException("raw " + alg + " verification failed");
      }
    }));
    return new double[] {rate(payloads.size(), signNs), rate(payloads.size(), verifyNs)};
  }

  private static List<String> jwts(List<Issued> credentials) {
    return credentials.stream().map(Issued::jwt).toList();
  }

  private static List<String> payloads(List<String> jwts) {
    return jwts.stream().map(j -> new String(Base64.getUrlDecoder().decode(j.split("\\.")[1]), StandardCharsets.UTF_8)).toList();
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
