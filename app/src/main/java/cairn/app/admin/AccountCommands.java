package cairn.app.admin;

import cairn.accounts.local.AccountStore;
import cairn.accounts.local.Invitation;
import cairn.accounts.local.NewAccount;
import cairn.web.auth.Role;
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
 * {@code cairn admin account invite}: creates a person's account and prints its one-time link to
 * set a password — the way to the first administrator, before anyone can sign in (docs/accounts.md).
 * Through the same store as {@code POST /api/v1/accounts/invitations}, audited as the operating
 * system user.
 */
@Command(name = "account", mixinStandardHelpOptions = true,
    description = "People's accounts (sign-in): see docs/accounts.md.",
    subcommands = AccountCommands.Invite.class,
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
final class AccountCommands {
  private AccountCommands() {}

  @Command(name = "invite", mixinStandardHelpOptions = true,
      description = "Create an account and print the one-time link to set its password (valid for "
          + "CAIRN_INVITATION_HOURS). Works whether Cairn runs or not.",
      exitCodeListHeading = Admin.EXIT_HEADING,
      exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
  static final class Invite implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--email", required = true, paramLabel = "EMAIL",
        description = "The address the person signs in with.")
    String email;

    @Option(names = "--name", paramLabel = "NAME", description = "How the person is addressed (default: the email address).")
    String name;

    @Option(names = "--role", paramLabel = "ROLE",
        description = "A role to grant (repeatable): employee, mentor, manager, hr, committee_reviewer, ld_admin, "
            + "lrs_admin, auditor.")
    List<String> roles = new ArrayList<>();

    @Override
    public Integer call() {
      return Admin.run(spec, admin -> {
        Set<Role> granted = EnumSet.noneOf(Role.class);
        for (String role : roles) {
          granted.add(Role.fromWire(role.toLowerCase(Locale.ROOT)).orElseThrow(() -> AdminException.usage(
              "Unknown role '" + role + "'; the roles are " + Role.wireNames() + ".")));
        }
        NewAccount account = new NewAccount(email, name, List.of(), granted);
        Invitation invitation = new AccountStore(admin.pool(), admin.config.publicUrl(),
            admin.config.signIn().invitationValidity()).invite(account, admin.actor).await();
        admin.out.println("Invited " + invitation.email() + " (account " + invitation.account() + ")"
            + (invitation.roles().isEmpty() ? "" : " with roles " + invitation.roles().stream()
                .map(Role::wireName).sorted().toList()));
        admin.out.println("One-time link to set the password (valid until " + invitation.expires().toInstant() + "):");
        admin.out.println(invitation.link());
        return 0;
      });
    }
  }
}
