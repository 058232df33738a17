package cairn.app;

import cairn.accounts.local.AccountStore;
import cairn.accounts.local.Invitation;
import cairn.accounts.local.NewAccount;
import cairn.web.ApiException;
import cairn.web.auth.Role;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn account …}: people's accounts from the command line, against the database the
 * {@code CAIRN_*} variables name (migrated first). {@code cairn account invite} creates an account
 * and prints its one-time link: the way to the first administrator, before anyone can sign in.
 */
@Command(name = "account", mixinStandardHelpOptions = true, subcommands = AccountCommand.Invite.class,
    description = "People's accounts (sign-in): see docs/accounts.md.")
final class AccountCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(name = "invite", mixinStandardHelpOptions = true,
      description = "Create an account and print the one-time link to set its password. With the embedded "
          + "PostgreSQL, run it while Cairn is stopped (or invite through the API with an 'all' credential).")
  static final class Invite implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--email", required = true, description = "The address the person signs in with.")
    String email;

    @Option(names = "--name", description = "How the person is addressed (default: the email address).")
    String name;

    @Option(names = "--role", paramLabel = "ROLE",
        description = "A role to grant (repeatable): employee, mentor, manager, committee_reviewer, ld_admin, "
            + "lrs_admin, auditor.")
    List<String> roles = new ArrayList<>();

    @Override
    public Integer call() {
      Config config;
      try {
        config = Config.fromEnvironment();
      } catch (Config.ConfigException e) {
        spec.commandLine().getErr().println("cairn account invite: " + e.getMessage());
        return 2;
      }
      return invite(config, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    int invite(Config config, PrintWriter out, PrintWriter err) {
      NewAccount account;
      try {
        Set<Role> granted = EnumSet.noneOf(Role.class);
        for (String role : roles) {
          granted.add(Role.fromWire(role.toLowerCase(Locale.ROOT)).orElseThrow(() -> ApiException.badRequest(
              "Unknown role '" + role + "'; the roles are " + Role.wireNames() + ".")));
        }
        account = new NewAccount(email, name, List.of(), granted);
      } catch (ApiException e) {
        err.println("cairn account invite: " + e.getMessage());
        return 2;
      }
      Vertx vertx = Vertx.vertx();
      try (Database db = Database.open(config)) {
        Pool pool = PgBuilder.pool().connectingTo(db.connectOptions()).using(vertx).build();
        try {
          Invitation invitation = new AccountStore(pool, config.publicUrl(), config.signIn().invitationValidity())
              .invite(account, "cli").await();
          out.println("Invited " + invitation.email() + " (account " + invitation.account() + ")"
              + (invitation.roles().isEmpty() ? "" : " with roles " + invitation.roles().stream()
                  .map(Role::wireName).sorted().toList()));
          out.println("One-time link to set the password (valid until " + invitation.expires().toInstant() + "):");
          out.println(invitation.link());
          return 0;
        } catch (ApiException e) {
          err.println("cairn account invite: " + e.getMessage());
          return 1;
        } finally {
          pool.close().await();
        }
      } finally {
        vertx.close().await();
      }
    }
  }
}
