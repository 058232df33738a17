package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line answers --help on every command instead of "Unknown option". */
class MainTest {

  @Test
  void everyCommandAnswersHelp() {
    for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"bench", "--help"},
        {"bench", "hostile", "--help"}, {"bench", "credentials", "--help"}, {"bench", "progression", "--help"},
        {"bench", "cluster", "--help"}}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
      assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
      assertThat(out.toString()).as(String.join(" ", args)).contains("Usage:");
    }
  }
}
