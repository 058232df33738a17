package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line answers --help on every command instead of "Unknown option". */
class MainTest {

  @Test
  void everyCommandAnswersHelp() {
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(new Main()), new ArrayList<>(), commands);
    assertThat(commands).extracting(c -> String.join(" ", c)).contains("", "serve", "bench hostile",
        "admin", "admin credential create", "admin credential revoke", "admin credential list", "admin key rotate",
        "admin import framework", "admin import people", "admin backup", "admin restore");
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute(args.toArray(String[]::new));
      assertThat(code).as(args + ": " + err).isZero();
      assertThat(out.toString()).as(String.join(" ", args)).contains("Usage: cairn");
      if (!command.isEmpty() && command.get(0).equals("admin")) {
        assertThat(out.toString()).as(String.join(" ", args)).contains("Exit codes:");
      }
    }
  }

  @Test
  void aCommandGroupWithoutItsCommandSaysWhatIsMissing() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("admin", "credential");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required subcommand").contains("create").contains("revoke");
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandName().equals(name)) { // not an alias
        List<String> next = new ArrayList<>(path);
        next.add(name);
        collect(sub, next, into);
      }
    });
  }
}
