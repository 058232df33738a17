package cairn.app.admin;

import picocli.CommandLine.Command;

/**
 * {@code cairn admin}: what an operator does without an HTTP client — API credentials (also the way
 * back in after a lock-out), signing key rotation, framework and people imports, backup and restore.
 * See {@link Admin} for how the commands reach the database.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = {
        "What an operator does without an HTTP client: API credentials, people's accounts, signing keys, "
            + "imports, backup and restore, erasure of a person.",
        "Configured by the same CAIRN_* environment as 'cairn serve' (see the README). With the embedded "
            + "database, a command connects to the PostgreSQL of the Cairn running on CAIRN_DATA_DIR, or "
            + "starts it for as long as it runs when no Cairn does. Every action is audited as "
            + "cli:<operating system user>."},
    subcommands = {CredentialCommands.class, AccountCommands.class, KeyCommands.class, ImportCommands.class,
        BackupCommand.class, RestoreCommand.class, EraseCommand.class, RetentionCommand.class},
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
public final class AdminCommand {}
