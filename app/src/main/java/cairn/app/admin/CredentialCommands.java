package cairn.app.admin;

import cairn.lrs.auth.CredentialStore;
import cairn.web.auth.Credential;
import cairn.web.auth.Scope;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn admin credential create|revoke|list}: the API credentials of {@code /api/v1/credentials},
 * through the same store (secrets kept as SHA-256 digests, the last active {@code all} credential
 * never revoked, every change audited). {@code create} is also the way back in when nobody holds an
 * active credential with scope {@code all}.
 */
@Command(name = "credential", mixinStandardHelpOptions = true,
    description = "API credentials (HTTP Basic key and secret) for xAPI clients and the admin API.",
    subcommands = {CredentialCommands.Create.class, CredentialCommands.Revoke.class, CredentialCommands.Listing.class},
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
final class CredentialCommands {
  private static final String SCOPES = Arrays.stream(Scope.values()).map(Scope::wireName)
      .collect(Collectors.joining(", "));

  private CredentialCommands() {}

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {
          "Create an API credential. Its secret is generated and printed once on standard output, unless "
              + "--secret gives it; Cairn keeps only its SHA-256 digest.",
          "Locked out (no active credential with scope 'all' left)? Create one here: "
              + "cairn admin credential create --key ops --scope all"},
      exitCodeListHeading = Admin.EXIT_HEADING,
      exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "KEY",
        description = "The key (the HTTP Basic user name): 1 to 200 characters, no colon, space or control character.")
    String key;

    @Option(names = "--secret", paramLabel = "SECRET",
        description = "The secret, 16 to 1024 characters. Other users of this machine can see it in the process "
            + "list while the command runs: leave it out to have a random secret generated.")
    String secret;

    @Option(names = "--scope", required = true, paramLabel = "SCOPE",
        description = "A scope, repeatable: all, statements/write, statements/read, statements/read/mine, all/read, "
            + "state, define, profile. The admin API needs 'all'.")
    List<String> scopes;

    @Option(names = "--name", paramLabel = "NAME", description = "What the credential is for (default: its key).")
    String name;

    @Override
    public Integer call() {
      return Admin.run(spec, admin -> {
        Set<Scope> parsed = scopes(scopes);
        check(key, secret, name);
        CredentialStore store = new CredentialStore(admin.pool());
        CredentialStore.Created created;
        try {
          created = store.create(name == null ? key : name, parsed, key, secret, admin.actor).await();
        } catch (PgException e) {
          if ("23505".equals(e.getSqlState())) {
            throw AdminException.failed("A credential with key '" + key + "' exists already (keys are never reused, "
                + "revoked ones included): choose another key. 'cairn admin credential list' shows them.");
          }
          throw e;
        }
        admin.out.println("key: " + created.credential().key());
        if (secret == null) {
          admin.out.println("secret: " + created.secret());
        }
        admin.err.println("Created credential '" + key + "' with scope(s) " + wire(parsed) + ", audited as "
            + admin.actor + "." + (secret == null ? " The secret is shown this once: store it now." : ""));
        return 0;
      });
    }

    private static void check(String key, String secret, String name) {
      if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c > ' ' && c != ':' && c != 0x7f)) {
        throw AdminException.usage("--key must be 1 to 200 characters without colon, space or control character "
            + "(HTTP Basic puts a colon between key and secret).");
      }
      if (secret != null && (secret.length() < 16 || secret.length() > 1024
          || secret.chars().anyMatch(Character::isISOControl))) {
        throw AdminException.usage("--secret must be 16 to 1024 characters without control characters; or leave "
            + "it out to have one generated.");
      }
      if (name != null && (name.isBlank() || name.length() > 200)) {
        throw AdminException.usage("--name must be 1 to 200 characters.");
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = {
          "Revoke an API credential: running Cairn nodes refuse it within 5 seconds.",
          "The last active credential with scope 'all' cannot be revoked (nobody could use the admin API "
              + "after it): create another one first."},
      exitCodeListHeading = Admin.EXIT_HEADING,
      exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
  static final class Revoke implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "The key of the credential to revoke.")
    String key;

    @Override
    public Integer call() {
      return Admin.run(spec, admin -> {
        switch (new CredentialStore(admin.pool()).revoke(key, admin.actor).await()) {
          case REVOKED -> admin.err.println("Revoked credential '" + key + "', audited as " + admin.actor
              + ". Running Cairn nodes refuse it within 5 seconds.");
          case NOT_FOUND -> throw AdminException.failed("No active credential has key '" + key
              + "'. 'cairn admin credential list' shows them.");
          case LAST_ADMIN -> throw AdminException.failed("'" + key + "' is the last active credential with scope "
              + "'all': without it nobody could use the admin API, so it stays. Create another one first "
              + "(cairn admin credential create --key NEW-KEY --scope all), then revoke this one.");
        }
        return 0;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the API credentials, revoked ones included: key, name, scopes, dates. Never a secret "
          + "(Cairn keeps none, only digests).",
      exitCodeListHeading = Admin.EXIT_HEADING,
      exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
  static final class Listing implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return Admin.run(spec, admin -> {
        List<Credential> credentials = new CredentialStore(admin.pool()).list().await();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KEY", "NAME", "SCOPES", "CREATED", "REVOKED"});
        for (Credential c : credentials) {
          rows.add(new String[] {c.key(), c.name(), wire(c.scopes()), c.created().toString(),
              c.revoked() == null ? "-" : c.revoked().toString()});
        }
        int[] widths = new int[5];
        rows.forEach(r -> {
          for (int i = 0; i < r.length; i++) {
            widths[i] = Math.max(widths[i], r[i].length());
          }
        });
        for (String[] r : rows) {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < r.length; i++) {
            line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
          }
          admin.out.println(line);
        }
        long active = credentials.stream().filter(Credential::active).count();
        admin.err.println(credentials.size() + " credential(s), " + active + " active.");
        return 0;
      });
    }
  }

  private static Set<Scope> scopes(List<String> names) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : names) {
      scopes.add(Scope.fromWire(name).orElseThrow(() -> AdminException.usage("Unknown scope '" + name
          + "': use one of " + SCOPES + ".")));
    }
    return scopes;
  }

  private static String wire(Set<Scope> scopes) {
    return scopes.stream().map(Scope::wireName).sorted().collect(Collectors.joining(","));
  }
}
