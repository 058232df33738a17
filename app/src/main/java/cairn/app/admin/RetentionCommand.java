package cairn.app.admin;

import cairn.lrs.rights.Retention;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn admin retention [--dry-run]}: the statement retention purge that a running Cairn does
 * daily when CAIRN_RETENTION_STATEMENTS is set, now; or, with {@code --dry-run}, how many statements it
 * would purge. Prints the count on standard output.
 */
@Command(name = "retention", mixinStandardHelpOptions = true,
    description = {
        "Purge the statements stored longer ago than CAIRN_RETENTION_STATEMENTS (an ISO-8601 period such as "
            + "P2Y), as a running Cairn does once a day; in batches of 1,000, each its own transaction; audited.",
        "Progress and credentials derived from purged statements stay; a full recompute would no longer "
            + "see them. Prints the number of statements purged (or, with --dry-run, due)."},
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
final class RetentionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--dry-run", description = "Count the statements a purge would remove; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    return Admin.run(spec, admin -> {
      var period = admin.config.retentionStatements().orElseThrow(() -> AdminException.usage(
          "CAIRN_RETENTION_STATEMENTS is not set: statements are kept forever. Set it (e.g. P2Y) to purge."));
      Retention retention = new Retention(admin.pool(), period);
      if (dryRun) {
        Retention.Due due = retention.due().await();
        admin.out.println(due.statements());
        admin.err.println("Dry run: " + due.statements() + " statements were stored before " + due.cutoff().toInstant()
            + " (CAIRN_RETENTION_STATEMENTS=" + period + ")" + (due.oldest() == null ? ""
                : "; the oldest on " + due.oldest().toInstant()) + ". Nothing was changed.");
        return 0;
      }
      Retention.Purged purged = retention.purge(admin.actor).await();
      if (purged.skipped()) {
        throw AdminException.failed("Another Cairn is purging statements right now; try again when it is done.");
      }
      admin.out.println(purged.statements());
      admin.err.println("Purged " + purged.statements() + " statements stored before " + purged.cutoff().toInstant()
          + " and " + purged.attachments() + " attachment contents no statement uses any more, audited as "
          + admin.actor + ".");
      return 0;
    });
  }
}
