package cairn.progression.frameworks;

import cairn.progression.InvalidDefinitionException;
import java.util.List;

/**
 * A CASE package that cannot be imported: the API's 400 (its message lists the first problems, its
 * path is the first one's), and every problem found, each placed against its item, for the console.
 */
public final class InvalidPackageException extends InvalidDefinitionException {
  private final transient List<CasePackage.Problem> problems;

  InvalidPackageException(String message, List<CasePackage.Problem> problems) {
    super(message, problems.get(0).path());
    this.problems = List.copyOf(problems);
  }

  public List<CasePackage.Problem> problems() {
    return problems;
  }
}
