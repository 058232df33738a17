package cairn.progression.frameworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.progression.InvalidDefinitionException;
import cairn.progression.TestData;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CasePackageTest {
  private final TestData data = new TestData("case.example", 1, 10, 2, 1);

  @Test
  void theSampleFrameworkCompiles() {
    Framework f = CasePackage.parse(data.framework(), 1);
    assertThat(f.items()).hasSize(9);
    assertThat(f.children().get(data.item("T"))).hasSize(4);
    assertThat(f.levels(data.item("T.1"))).extracting(Framework.Level::quality)
        .containsExactly("Awareness", "Practitioner", "Advanced", "Expert");
    assertThat(f.bottomUp().indexOf(data.item("T.1"))).isLessThan(f.bottomUp().indexOf(data.item("T")));
  }

  @Test
  void schemaErrorsNameTheItem() {
    ObjectNode pkg = data.framework();
    ((ObjectNode) pkg.withArray("CFItems").get(3)).remove("uri");
    assertThatThrownBy(() -> CasePackage.parse(pkg, 1))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("CFItems[3]").hasMessageContaining("Code Quality")
        .extracting(e -> ((InvalidDefinitionException) e).path()).asString().startsWith("$.CFItems[3]");
  }

  @Test
  void everyProblemIsPlacedAgainstItsElementAndField() {
    ObjectNode pkg = data.framework();
    ObjectNode item = (ObjectNode) pkg.withArray("CFItems").get(3);
    item.put("fullStatement", 42);
    ObjectNode other = (ObjectNode) pkg.withArray("CFItems").get(4);
    other.put("uri", 7);
    assertThatThrownBy(() -> CasePackage.parse(pkg, 1)).isInstanceOf(InvalidPackageException.class)
        .satisfies(e -> assertThat(((InvalidPackageException) e).problems())
            .extracting(p -> p.element() + " " + p.humanCodingScheme() + " " + p.identifier() + " " + p.field())
            .contains("CFItem " + item.path("humanCodingScheme").asText(null) + " "
                    + item.get("identifier").asText() + " fullStatement",
                "CFItem " + other.path("humanCodingScheme").asText(null) + " " + other.get("identifier").asText()
                    + " uri"));
  }

  @Test
  void danglingAssociationsAndCyclesAreRefused() {
    ObjectNode pkg = data.framework();
    ArrayNode associations = pkg.withArray("CFAssociations");
    ((ObjectNode) associations.get(2).get("destinationNodeURI")).put("uri", "https://nowhere.example/x")
        .put("identifier", "6f1c0c8e-0000-4000-8000-000000000000");
    assertThatThrownBy(() -> CasePackage.parse(pkg, 1)).hasMessageContaining("CFAssociations[2]")
        .hasMessageContaining("https://nowhere.example/x");

    ObjectNode cyclic = data.framework();
    ObjectNode loop = cyclic.withArray("CFAssociations").get(2).deepCopy();
    loop.put("identifier", "6f1c0c8e-0000-4000-8000-000000000001");
    var origin = loop.get("originNodeURI");
    loop.set("originNodeURI", loop.get("destinationNodeURI"));
    loop.set("destinationNodeURI", origin);
    cyclic.withArray("CFAssociations").add(loop);
    assertThatThrownBy(() -> CasePackage.parse(cyclic, 1)).hasMessageContaining("cycle");
  }

  @Test
  void rubricCriteriaMustPointAtItems() {
    ObjectNode pkg = data.framework();
    ((ObjectNode) pkg.withArray("CFRubrics").get(0).withArray("CFRubricCriteria").get(0)).putObject("CFItemURI")
        .put("title", "x").put("identifier", "6f1c0c8e-0000-4000-8000-000000000002").put("uri", "https://nowhere.example/y");
    assertThatThrownBy(() -> CasePackage.parse(pkg, 1)).hasMessageContaining("not a CFItem");
  }
}
