package cairn.app.admin;

import cairn.app.Cairn;
import cairn.app.KeySecret;
import cairn.credentials.keys.KeyException;
import cairn.credentials.keys.KeyRing;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn admin key rotate}: the credential issuer's key rotation, through the same
 * {@link KeyRing#rotate} as {@code POST /api/v1/keys} (retire, add, audit in one transaction).
 */
@Command(name = "key", mixinStandardHelpOptions = true,
    description = "The credential issuer's signing keys (one RS256 and one ES256 key sign VC-JWTs, one Ed25519 key Data Integrity proofs, at a time).",
    subcommands = KeyCommands.Rotate.class,
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
final class KeyCommands {
  private KeyCommands() {}

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {
          "Rotate signing keys: each rotated key is retired — it stays in the JWKS, so every credential it "
              + "signed still verifies — and a new one signs from now on (running Cairn nodes switch within "
              + "10 seconds). The keys serve every issuer profile.",
          "Needs the secret the keys are stored under: CAIRN_KEY_SECRET, or the key-secret file in "
              + "CAIRN_DATA_DIR. Nothing is rotated when it cannot open the stored keys."},
      exitCodeListHeading = Admin.EXIT_HEADING,
      exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
  static final class Rotate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--alg", paramLabel = "ALG", description = "RS256, ES256 or Ed25519, repeatable (default: all three).")
    List<String> algs;

    @Option(names = "--jwk", paramLabel = "FILE",
        description = "A private JWK (JSON) to sign with from now on instead of a generated key; with one --alg.")
    Path jwk;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail (up to 1000 characters).")
    String reason;

    @Override
    public Integer call() {
      return Admin.run(spec, admin -> {
        List<JWSAlgorithm> chosen = algorithms();
        JWK supplied = jwk == null ? null : readJwk(jwk);
        if (reason != null && (reason.isBlank() || reason.length() > 1000)) {
          throw AdminException.usage("--reason must be 1 to 1000 characters.");
        }
        char[] secret = KeySecret.existing(admin.config).orElseThrow(() -> AdminException.usage("No key secret: "
            + "set CAIRN_KEY_SECRET to the secret Cairn runs with (or point CAIRN_DATA_DIR at the data directory "
            + "holding its key-secret file). A new secret would store keys that Cairn cannot open."));
        KeyRing keys = new KeyRing(admin.pool(), Cairn.issuerOptions(admin.config, secret));
        Arrays.fill(secret, '\0');
        keys.ensureKeys(admin.vertx()).await();
        for (JWSAlgorithm alg : chosen) {
          try {
            keys.signingKey(admin.vertx(), alg).await(); // the secret opens the stored keys
          } catch (KeyException e) {
            throw AdminException.failed("The stored signing keys cannot be decrypted with this secret (CAIRN_KEY_SECRET "
                + "or the data directory's key-secret file): set it to the secret Cairn runs with. Nothing was rotated.");
          }
        }
        for (JWSAlgorithm alg : chosen) {
          KeyRing.KeyInfo made;
          try {
            made = keys.rotate(admin.vertx(), alg, supplied, admin.actor, reason).await();
          } catch (KeyException e) {
            throw AdminException.failed(jwk + ": " + e.getMessage());
          }
          admin.out.println(alg.getName() + " " + made.kid());
          admin.err.println("Rotated " + alg.getName() + ": " + made.kid() + " signs from now on (" + made.source()
              + "); the retired key stays in the JWKS. Audited as " + admin.actor + ".");
        }
        return 0;
      });
    }

    private List<JWSAlgorithm> algorithms() {
      if (algs == null || algs.isEmpty()) {
        if (jwk != null) {
          throw AdminException.usage("--jwk needs one --alg (RS256, ES256 or Ed25519): the algorithm the key signs with.");
        }
        return KeyRing.ALGORITHMS;
      }
      List<JWSAlgorithm> chosen = new ArrayList<>();
      for (String name : algs) {
        JWSAlgorithm alg = KeyRing.ALGORITHMS.stream().filter(a -> a.getName().equals(name)).findFirst()
            .orElseThrow(() -> AdminException.usage("--alg must be RS256, ES256 or Ed25519, not '" + name + "'."));
        if (!chosen.contains(alg)) {
          chosen.add(alg);
        }
      }
      if (jwk != null && chosen.size() != 1) {
        throw AdminException.usage("--jwk goes with exactly one --alg.");
      }
      return chosen;
    }

    /** Reads the operator's key; errors never quote the file, which holds a private key. */
    private static JWK readJwk(Path file) {
      try {
        return JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        throw AdminException.usage("No file " + file + ".");
      } catch (IOException e) {
        throw AdminException.usage("Cannot read " + file + ": " + e.getMessage());
      } catch (ParseException e) {
        throw AdminException.usage(file + " is not a JSON Web Key (RFC 7517).");
      }
    }
  }
}
