package cairn.progression.frameworks;

import cairn.progression.InvalidDefinitionException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CASE 1.1 CFPackage (1EdTech CASE 1.1, JSON binding): first against the official JSON
 * Schema ({@code case/case-v1p1-cfpackage.schema.json}, draft 2019-09), then the rules the schema
 * cannot state — unique identifiers and URIs, associations whose ends exist, an acyclic
 * {@code isChildOf} tree, rubric criteria that point at items. Every error names the bad item.
 */
public final class CasePackage {
  private static final Validator SCHEMA = validator();
  private static final int MAX_ERRORS = 10;
  private static final java.util.regex.Pattern ELEMENT =
      java.util.regex.Pattern.compile("^\\$\\.(CF\\w+)\\[(\\d+)\\](?:\\.(.+))?$");

  private CasePackage() {}

  private static Validator validator() {
    try (InputStream in = CasePackage.class.getResourceAsStream("/case/case-v1p1-cfpackage.schema.json")) {
      JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions()
          .setDraft(Draft.DRAFT201909)
          .setBaseUri("https://purl.imsglobal.org/spec/case/v1p1/schema/json/")
          .setOutputFormat(OutputFormat.Basic));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("The CASE 1.1 JSON Schema is missing from the classpath", e);
    }
  }

  /** Validates and compiles a package into a framework at the given version. */
  public static Framework parse(JsonNode pkg, int version) {
    if (pkg == null || !pkg.isObject()) {
      throw new InvalidDefinitionException("A CASE CFPackage is a JSON object with CFDocument, CFItems, "
          + "CFAssociations and CFRubrics.", "$");
    }
    List<Problem> errors = new ArrayList<>();
    OutputUnit result = SCHEMA.validate(new JsonObject(pkg.toString()));
    if (!Boolean.TRUE.equals(result.getValid())) {
      List<OutputUnit> units = result.getErrors() == null || result.getErrors().isEmpty()
          ? List.of(result) : result.getErrors();
      // keep the most specific errors: the schema also reports every enclosing property and array
      Set<String> seen = new HashSet<>();
      for (OutputUnit unit : units) {
        String location = unit.getInstanceLocation() == null ? "#" : unit.getInstanceLocation();
        boolean enclosing = units.stream().anyMatch(u -> u.getInstanceLocation() != null
            && u.getInstanceLocation().startsWith(location + "/"));
        if (enclosing || "A subschema had errors".equals(unit.getError())) {
          continue;
        }
        String path = jsonPath(location);
        if (seen.add(path + unit.getError())) {
          errors.add(problem(pkg, path, name(pkg, path) + ": " + unit.getError()));
        }
      }
      if (errors.isEmpty()) {
        errors.add(problem(pkg, "$", "the package does not match the CASE 1.1 CFPackage schema"));
      }
    }
    if (errors.isEmpty()) {
      semantic(pkg, errors);
    }
    if (!errors.isEmpty()) {
      StringBuilder message = new StringBuilder("The CFPackage is not valid CASE 1.1 (")
          .append(errors.size()).append(errors.size() == 1 ? " problem): " : " problems): ");
      for (int i = 0; i < Math.min(MAX_ERRORS, errors.size()); i++) {
        message.append(i == 0 ? "" : "; ").append(errors.get(i).message());
      }
      if (errors.size() > MAX_ERRORS) {
        message.append("; and ").append(errors.size() - MAX_ERRORS).append(" more");
      }
      throw new InvalidPackageException(message.toString(), errors);
    }
    return compile(pkg, version);
  }

  /**
   * One problem of a package, placed against the element it concerns: the JSON path, the whole
   * message (naming the element, as the API's answer gives it), and, when the path is inside one
   * of the package's lists, that element's kind ({@code CFItem}, {@code CFAssociation}…), its
   * identifier and human coding scheme, the field within it, and the message without the element's name.
   */
  public record Problem(String path, String message, String element, String identifier, String humanCodingScheme,
      String field, String detail) {}

  private static Problem problem(JsonNode pkg, String path, String message) {
    java.util.regex.Matcher m = ELEMENT.matcher(path);
    if (!m.matches()) {
      return new Problem(path, message, null, null, null, null, message);
    }
    JsonNode element = pkg.path(m.group(1)).path(Integer.parseInt(m.group(2)));
    String prefix = name(pkg, "$." + m.group(1) + "[" + m.group(2) + "]") + ": ";
    String full = name(pkg, path) + ": ";
    String detail = message.startsWith(prefix) ? message.substring(prefix.length())
        : message.startsWith(full) ? message.substring(full.length()) : message;
    return new Problem(path, message, m.group(1).replaceAll("s$", ""), text(element, "identifier"),
        text(element, "humanCodingScheme"), m.group(3), detail);
  }

  /** "#/CFItems/3/uri" or "/CFItems/3/uri" as "$.CFItems[3].uri". */
  static String jsonPath(String location) {
    if (location == null) {
      return "$";
    }
    String l = location.startsWith("#") ? location.substring(1) : location;
    StringBuilder path = new StringBuilder("$");
    for (String part : l.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      path.append(part.matches("\\d+") ? "[" + part + "]" : "." + part.replace("~1", "/").replace("~0", "~"));
    }
    return path.toString();
  }

  /** A human name for the element at a path: "CFItems[3] (7f2c…, "System Design")". */
  private static String name(JsonNode pkg, String path) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\$\\.(CF\\w+)\\[(\\d+)\\]").matcher(path);
    if (!m.find()) {
      return path;
    }
    JsonNode element = pkg.path(m.group(1)).path(Integer.parseInt(m.group(2)));
    String label = element.path("fullStatement").asText(element.path("title").asText(
        element.path("associationType").asText("")));
    String id = element.path("identifier").asText("?");
    return path + " (" + m.group(1).replaceAll("s$", "") + " " + id + (label.isEmpty() ? "" : ", \"" + label + "\"") + ")";
  }

  private static void semantic(JsonNode pkg, List<Problem> errors) {
    JsonNode doc = pkg.get("CFDocument");
    Map<String, String> identifiers = new HashMap<>();
    Set<String> nodes = new HashSet<>();
    identifiers.put(doc.get("identifier").asText(), "$.CFDocument");
    nodes.add(doc.get("uri").asText());
    nodes.add(doc.get("identifier").asText());
    Set<String> itemUris = new HashSet<>();
    JsonNode items = pkg.path("CFItems");
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String path = "$.CFItems[" + i + "]";
      unique(identifiers, item.get("identifier").asText(), path, pkg, errors);
      String uri = item.get("uri").asText();
      if (!itemUris.add(uri)) {
        errors.add(problem(pkg, path + ".uri", name(pkg, path) + ": the uri " + uri + " is used by another CFItem"));
      }
      nodes.add(uri);
      nodes.add(item.get("identifier").asText());
    }
    JsonNode associations = pkg.path("CFAssociations");
    Map<String, List<String>> parents = new HashMap<>();
    for (int i = 0; i < associations.size(); i++) {
      JsonNode a = associations.get(i);
      String path = "$.CFAssociations[" + i + "]";
      unique(identifiers, a.get("identifier").asText(), path, pkg, errors);
      String type = a.get("associationType").asText();
      String origin = a.path("originNodeURI").path("uri").asText();
      String destination = a.path("destinationNodeURI").path("uri").asText();
      boolean internal = "isChildOf".equals(type) || "hasSkillLevel".equals(type) || "precedes".equals(type);
      if (internal && !nodes.contains(origin) && !nodes.contains(a.path("originNodeURI").path("identifier").asText())) {
        errors.add(problem(pkg, path + ".originNodeURI", name(pkg, path) + ": " + type + " origin " + origin
            + " is neither the CFDocument nor a CFItem of this package"));
      }
      if (internal && !nodes.contains(destination)
          && !nodes.contains(a.path("destinationNodeURI").path("identifier").asText())) {
        errors.add(problem(pkg, path + ".destinationNodeURI", name(pkg, path) + ": " + type + " destination "
            + destination + " is neither the CFDocument nor a CFItem of this package"));
      }
      if (origin.equals(destination)) {
        errors.add(problem(pkg, path, name(pkg, path) + ": origin and destination are the same node " + origin));
      }
      if ("isChildOf".equals(type) && itemUris.contains(origin) && itemUris.contains(destination)) {
        parents.computeIfAbsent(origin, k -> new ArrayList<>()).add(destination);
      }
    }
    String cycle = cycle(parents);
    if (cycle != null) {
      errors.add(problem(pkg, "$.CFAssociations", "isChildOf associations form a cycle: " + cycle));
    }
    JsonNode rubrics = pkg.path("CFRubrics");
    for (int r = 0; r < rubrics.size(); r++) {
      JsonNode rubric = rubrics.get(r);
      unique(identifiers, rubric.get("identifier").asText(), "$.CFRubrics[" + r + "]", pkg, errors);
      JsonNode criteria = rubric.path("CFRubricCriteria");
      for (int c = 0; c < criteria.size(); c++) {
        JsonNode criterion = criteria.get(c);
        String path = "$.CFRubrics[" + r + "].CFRubricCriteria[" + c + "]";
        JsonNode itemRef = criterion.get("CFItemURI");
        if (itemRef != null && !itemUris.contains(itemRef.path("uri").asText())) {
          errors.add(problem(pkg, path + ".CFItemURI", "CFRubricCriterion " + criterion.path("identifier").asText()
              + " of rubric " + rubric.path("identifier").asText() + " points at " + itemRef.path("uri").asText()
              + ", which is not a CFItem of this package"));
        }
        JsonNode levels = criterion.path("CFRubricCriterionLevels");
        if (levels.isEmpty()) {
          errors.add(problem(pkg, path, "CFRubricCriterion " + criterion.path("identifier").asText()
              + " has no CFRubricCriterionLevels; a criterion needs at least one level"));
        }
        Set<Integer> positions = new HashSet<>();
        for (int l = 0; l < levels.size(); l++) {
          JsonNode level = levels.get(l);
          if (level.has("position") && !positions.add(level.get("position").asInt())) {
            errors.add(problem(pkg, path + ".CFRubricCriterionLevels[" + l + "].position", "CFRubricCriterionLevel "
                + level.path("identifier").asText() + " repeats position " + level.get("position").asInt()
                + " within its criterion"));
          }
        }
      }
    }
  }

  private static void unique(Map<String, String> seen, String identifier, String path, JsonNode pkg, List<Problem> errors) {
    String previous = seen.putIfAbsent(identifier, path);
    if (previous != null) {
      errors.add(problem(pkg, path + ".identifier", name(pkg, path) + ": identifier " + identifier
          + " is already used by " + previous));
    }
  }

  private static String cycle(Map<String, List<String>> parents) {
    Map<String, Integer> state = new HashMap<>();
    for (String start : parents.keySet()) {
      List<String> stack = new ArrayList<>();
      String found = dfs(start, parents, state, stack);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String dfs(String node, Map<String, List<String>> parents, Map<String, Integer> state, List<String> stack) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return null;
    }
    if (s != null && s == 1) {
      return String.join(" → ", stack.subList(stack.indexOf(node), stack.size())) + " → " + node;
    }
    state.put(node, 1);
    stack.add(node);
    for (String parent : parents.getOrDefault(node, List.of())) {
      String found = dfs(parent, parents, state, stack);
      if (found != null) {
        return found;
      }
    }
    stack.remove(stack.size() - 1);
    state.put(node, 2);
    return null;
  }

  private static Framework compile(JsonNode pkg, int version) {
    JsonNode doc = pkg.get("CFDocument");
    Map<String, Framework.Item> items = new LinkedHashMap<>();
    Map<String, String> uriByIdentifier = new HashMap<>();
    for (JsonNode item : pkg.path("CFItems")) {
      Framework.Item compiled = new Framework.Item(item.get("identifier").asText(), item.get("uri").asText(),
          item.get("fullStatement").asText(), text(item, "humanCodingScheme"), text(item, "CFItemType"));
      items.put(compiled.uri(), compiled);
      uriByIdentifier.put(compiled.identifier(), compiled.uri());
    }
    List<Framework.Association> associations = new ArrayList<>();
    for (JsonNode a : pkg.path("CFAssociations")) {
      associations.add(new Framework.Association(a.get("associationType").asText(),
          node(a.get("originNodeURI"), uriByIdentifier), node(a.get("destinationNodeURI"), uriByIdentifier),
          a.has("sequenceNumber") ? a.get("sequenceNumber").asInt() : null));
    }
    Map<String, List<Framework.Level>> byItem = new HashMap<>();
    List<Framework.Level> defaults = List.of();
    for (JsonNode rubric : pkg.path("CFRubrics")) {
      for (JsonNode criterion : rubric.path("CFRubricCriteria")) {
        List<JsonNode> raw = new ArrayList<>();
        criterion.path("CFRubricCriterionLevels").forEach(raw::add);
        raw.sort(Comparator.comparingDouble((JsonNode l) -> l.has("position") ? l.get("position").asDouble()
            : Double.MAX_VALUE).thenComparingDouble(l -> l.path("score").asDouble(0)));
        List<Framework.Level> levels = new ArrayList<>();
        for (JsonNode l : raw) {
          levels.add(new Framework.Level(levels.size() + 1, text(l, "quality"), text(l, "description"),
              l.has("score") ? l.get("score").asDouble() : null));
        }
        JsonNode itemRef = criterion.get("CFItemURI");
        if (itemRef == null) {
          if (defaults.isEmpty()) {
            defaults = levels;
          }
        } else {
          byItem.putIfAbsent(itemRef.path("uri").asText(), levels);
        }
      }
    }
    return new Framework(doc.get("identifier").asText(), version, doc.get("uri").asText(), doc.get("title").asText(),
        items, associations, byItem, defaults);
  }

  private static String node(JsonNode link, Map<String, String> uriByIdentifier) {
    String uri = link.path("uri").asText();
    return uriByIdentifier.getOrDefault(link.path("identifier").asText(), uri);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
