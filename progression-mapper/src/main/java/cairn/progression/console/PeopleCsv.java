package cairn.progression.console;

import cairn.progression.people.PeopleStore;
import cairn.web.Json;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The people directory as CSV (RFC 4180, read by Jackson's CSV dataformat — quoting, embedded commas
 * and line breaks are its business, not a hand-made split): a header row naming the columns, then
 * one person per row. {@code person_id} is required; {@code email} becomes the person's {@code mbox}
 * IFI, as do {@code openid} and {@code account_homepage} + {@code account_name} (at least one of them
 * per person); {@code name, team, role, function, level} are kept as they are; {@code manages} lists
 * the teams the person manages, separated by {@code ;}. Every row is then checked by
 * {@link PeopleStore#check}, the code behind {@code POST /api/v1/people}, and each problem is placed
 * against its row and column. Nothing here touches the database.
 */
public final class PeopleCsv {
  /** Most bytes a CSV may have. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;
  /** Most people (rows after the header) one CSV may hold. */
  public static final int MAX_ROWS = 10_000;
  /** The columns a CSV may have, in the order the preview shows them. */
  public static final List<String> COLUMNS = List.of("person_id", "name", "email", "team", "role", "function",
      "level", "manages", "openid", "account_homepage", "account_name");
  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvParser.Feature.TRIM_SPACES).build();
  private static final Pattern ENTRY = Pattern.compile("^\\$\\[(\\d+)\\](?:\\.(\\w+)(?:\\[(\\d+)\\])?)?");

  private PeopleCsv() {}

  /** A CSV that cannot be read at all (too large, not UTF-8, not CSV): the form's error. */
  public static final class Unreadable extends Exception {
    public Unreadable(String message) {
      super(message);
    }
  }

  /** What is wrong with a row (row 1 is the header) and column (null for the whole row). */
  public record Problem(int row, String column, String message) {}

  /**
   * A row as it will be stored: its number in the file (row 1 is the header), its cells by column,
   * the columns its IFIs came from (in the order of the person's agents).
   */
  public record Row(int number, Map<String, String> cells, List<String> ifiColumns) {
    public String cell(String column) {
      return cells.getOrDefault(column, "");
    }
  }

  /**
   * The CSV read: its rows, the people as the directory import takes them ({@code people}, for the rows
   * that passed the checks), the IFIs of each checked person, and every problem.
   */
  public record Read(List<Row> rows, List<PeopleStore.Person> people, List<Integer> peopleRows, List<Problem> problems) {}

  /** The bytes of an upload as text: UTF-8 (with or without a byte order mark), at most {@link #MAX_BYTES}. */
  public static String text(byte[] bytes) throws Unreadable {
    if (bytes.length > MAX_BYTES) {
      throw new Unreadable(cairn.web.pages.Text.get("progressionConsole.people.tooLarge", MAX_BYTES / (1024 * 1024), MAX_ROWS));
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new Unreadable(cairn.web.pages.Text.get("progressionConsole.people.notUtf8"));
    }
  }

  /** Reads and checks a CSV (no database look-up: whose IFIs are whose is the caller's to add). */
  public static Read read(String csv) throws Unreadable {
    String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
    if (text.length() > MAX_BYTES) {
      throw new Unreadable(cairn.web.pages.Text.get("progressionConsole.people.tooLarge", MAX_BYTES / (1024 * 1024), MAX_ROWS));
    }
    if (text.indexOf('\0') >= 0) {
      throw new Unreadable(cairn.web.pages.Text.get("progressionConsole.people.nul"));
    }
    List<String[]> records = new ArrayList<>();
    try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(text)) {
      while (it.hasNextValue()) {
        records.add(it.nextValue());
        if (records.size() > MAX_ROWS + 1) {
          throw new Unreadable(cairn.web.pages.Text.get("progressionConsole.people.tooMany", MAX_ROWS));
        }
      }
    } catch (IOException | RuntimeException e) {
      String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
          ? " (line " + j.getLocation().getLineNr() + ")" : "";
      throw new Unreadable(cairn.web.pages.Text.get("progressionConsole.people.notCsv", where));
    }
    if (records.isEmpty() || blank(records.get(0))) {
      throw new Unreadable(cairn.web.pages.Text.get("progressionConsole.people.noHeader", String.join(", ", COLUMNS)));
    }
    List<Problem> problems = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (String name : records.get(0)) {
      String column = name.strip().toLowerCase(Locale.ROOT);
      if (!COLUMNS.contains(column)) {
        problems.add(new Problem(1, name, cairn.web.pages.Text.get("progressionConsole.people.unknownColumn", name,
            String.join(", ", COLUMNS))));
      } else if (header.contains(column)) {
        problems.add(new Problem(1, column, cairn.web.pages.Text.get("progressionConsole.people.repeatedColumn", column)));
      }
      header.add(column);
    }
    if (!header.contains("person_id")) {
      problems.add(new Problem(1, "person_id", cairn.web.pages.Text.get("progressionConsole.people.noIdColumn")));
    }
    List<Row> rows = new ArrayList<>();
    ArrayNode people = Json.MAPPER.createArrayNode();
    for (int r = 1; r < records.size(); r++) {
      String[] values = records.get(r);
      if (blank(values)) {
        continue;
      }
      int number = r + 1;
      if (values.length > header.size()) {
        problems.add(new Problem(number, null, cairn.web.pages.Text.get("progressionConsole.people.tooManyValues",
            values.length, header.size())));
      }
      Map<String, String> cells = new LinkedHashMap<>();
      for (int c = 0; c < Math.min(values.length, header.size()); c++) {
        if (COLUMNS.contains(header.get(c)) && !cells.containsKey(header.get(c))) {
          cells.put(header.get(c), values[c]);
        }
      }
      List<String> ifiColumns = new ArrayList<>();
      people.add(person(cells, ifiColumns));
      rows.add(new Row(number, cells, ifiColumns));
    }
    if (rows.isEmpty()) {
      throw new Unreadable(cairn.web.pages.Text.get("progressionConsole.people.noRows"));
    }
    PeopleStore.Checked checked = PeopleStore.check(people);
    for (PeopleStore.Problem p : checked.problems()) {
      Row row = rows.get(p.index());
      problems.add(new Problem(row.number(), column(p.path(), row), p.message()));
    }
    List<Integer> peopleRows = new ArrayList<>();
    Map<String, Integer> rowOfId = new HashMap<>();
    rows.forEach(row -> rowOfId.putIfAbsent(row.cell("person_id"), row.number()));
    for (PeopleStore.Person person : checked.people()) {
      peopleRows.add(rowOfId.get(person.id()));
    }
    problems.sort(java.util.Comparator.comparingInt(Problem::row));
    return new Read(rows, checked.people(), peopleRows, problems);
  }

  /** The directory import's JSON of a row. */
  private static ObjectNode person(Map<String, String> cells, List<String> ifiColumns) {
    ObjectNode person = Json.MAPPER.createObjectNode().put("id", cells.getOrDefault("person_id", ""));
    for (String field : List.of("name", "team", "role", "function", "level")) {
      String value = cells.getOrDefault(field, "");
      if (!value.isBlank()) {
        person.put(field, value);
      }
    }
    ArrayNode agents = person.putArray("agents");
    String email = cells.getOrDefault("email", "");
    if (!email.isBlank()) {
      agents.addObject().put("mbox", email.regionMatches(true, 0, "mailto:", 0, 7) ? "mailto:" + email.substring(7)
          : "mailto:" + email);
      ifiColumns.add("email");
    }
    String openid = cells.getOrDefault("openid", "");
    if (!openid.isBlank()) {
      agents.addObject().put("openid", openid);
      ifiColumns.add("openid");
    }
    String homePage = cells.getOrDefault("account_homepage", "");
    String name = cells.getOrDefault("account_name", "");
    if (!homePage.isBlank() || !name.isBlank()) {
      agents.addObject().putObject("account").put("homePage", homePage).put("name", name);
      ifiColumns.add("account_name");
    }
    String manages = cells.getOrDefault("manages", "");
    if (!manages.isBlank()) {
      ArrayNode teams = person.putArray("manages");
      for (String team : manages.split(";")) {
        if (!team.isBlank()) {
          teams.add(team.strip());
        }
      }
    }
    return person;
  }

  /** The column a problem's JSON path points at: "$[3].agents[0].mbox" → the column of the first IFI. */
  private static String column(String path, Row row) {
    Matcher m = ENTRY.matcher(path == null ? "" : path);
    if (!m.find() || m.group(2) == null) {
      return null;
    }
    return switch (m.group(2)) {
      case "id" -> "person_id";
      case "manages" -> "manages";
      case "agents" -> m.group(3) != null && Integer.parseInt(m.group(3)) < row.ifiColumns().size()
          ? row.ifiColumns().get(Integer.parseInt(m.group(3))) : "email";
      default -> m.group(2);
    };
  }

  private static boolean blank(String[] values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return false;
      }
    }
    return true;
  }
}
