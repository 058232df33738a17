package cairn.app.admin;

import cairn.app.rights.Rights;
import cairn.credentials.rights.IssuerPersonalData;
import cairn.progression.ProgressionOptions;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn admin erase-person ID [--dry-run] [--reason TEXT]}: the erasure of
 * {@code POST /api/v1/people/{id}/erasure} (cairn.app.rights.Erasure), from the command line. Prints
 * the answer (the dry run's counts, or the erasure's record) as JSON on standard output.
 */
@Command(name = "erase-person", mixinStandardHelpOptions = true,
    description = {
        "Erase a person of the people directory at their request (GDPR art. 17): their statements and "
            + "documents, progress, directory entry, account and sessions; their credentials revoked, share "
            + "links deleted. Other people's progress that depended on them is derived again. Cannot be undone.",
        "Try --dry-run first: it prints what would go and changes nothing. Run again after a failure: it "
            + "finishes the erasure under way."},
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
final class EraseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The person's id in the people directory.")
  String id;

  @Option(names = "--dry-run", description = "Show what would be erased (counts), change nothing.")
  boolean dryRun;

  @Option(names = "--reason", paramLabel = "TEXT",
      description = "Why (a ticket reference, not a name: it is kept). Required unless --dry-run.")
  String reason;

  @Override
  public Integer call() {
    return Admin.run(spec, admin -> {
      ObjectNode body = Json.MAPPER.createObjectNode().put("dryRun", dryRun).put("reason", reason);
      if (!dryRun && (reason == null || reason.isBlank())) {
        throw AdminException.usage("Give --reason TEXT (for example the request's ticket number), or --dry-run.");
      }
      try {
        cairn.app.rights.ErasureRoutes.check(body);
      } catch (ApiException e) {
        throw AdminException.usage(e.getMessage());
      }
      Rights rights = Rights.create(admin.vertx(), admin.pool(),
          ProgressionOptions.defaults(admin.config.publicUrl()), new IssuerPersonalData(admin.pool(), null, null));
      ObjectNode answer;
      try {
        answer = (dryRun ? rights.erasure().dryRun(id) : rights.erasure().erase(id, reason.strip(), admin.actor)).await();
      } catch (ApiException e) {
        throw AdminException.failed(e.getMessage());
      }
      admin.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      admin.err.println(dryRun ? "Dry run: nothing was changed."
          : "Erased person " + id + " as erasure " + answer.path("erasure").asText() + ", audited as " + admin.actor
              + ". Credentials' status lists on running nodes show the revocation within 5 seconds.");
      return 0;
    });
  }
}
