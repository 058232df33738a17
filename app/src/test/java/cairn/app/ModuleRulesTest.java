package cairn.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module rule of docs/architecture.md, checked on the production classes of every module: the
 * features (the LRS, the mapper, the issuer, the accounts) stand side by side on {@code web} and
 * {@code xapi-model} and never use each other;
 * {@code web} and {@code xapi-model} use no Cairn module; nothing but {@code app} composes them.
 * (Tests may drive a neighbour feature through its public contract — the statement feed, the
 * outbox — so test classes are left out.)
 */
class ModuleRulesTest {
  private static final List<String> FEATURES = List.of("cairn.lrs..", "cairn.progression..", "cairn.credentials..",
      "cairn.accounts..");
  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("cairn");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cairn.lrs..", "cairn.progression..", "cairn.credentials..", "cairn.accounts..",
      "cairn.web..", "cairn.xapi.."})
  void everyModuleIsImported(String module) {
    assertThat(production.stream().filter(c -> c.getPackageName().startsWith(module.replace("..", ""))))
        .as("classes of " + module).isNotEmpty();
  }

  @Test
  void aFeatureNeverUsesAnotherFeatureOrTheApp() {
    for (String feature : FEATURES) {
      String[] others = FEATURES.stream().filter(f -> !f.equals(feature)).toArray(String[]::new);
      noClasses().that().resideInAPackage(feature)
          .should().dependOnClassesThat().resideInAnyPackage(others)
          .orShould().dependOnClassesThat().resideInAPackage("cairn.app..")
          .check(production);
    }
  }

  @Test
  void theEdgeAndTheXapiModelUseNoOtherModule() {
    noClasses().that().resideInAPackage("cairn.web..")
        .should().dependOnClassesThat().resideInAnyPackage("cairn.lrs..", "cairn.progression..", "cairn.credentials..",
            "cairn.accounts..", "cairn.app..", "cairn.xapi..")
        .check(production);
    noClasses().that().resideInAPackage("cairn.xapi..")
        .should().dependOnClassesThat().resideInAnyPackage("cairn.lrs..", "cairn.progression..", "cairn.credentials..",
            "cairn.accounts..", "cairn.app..", "cairn.web..")
        .check(production);
  }
}
