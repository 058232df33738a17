package cairn.progression.dashboards;

import cairn.progression.dashboards.DashboardPage.Figure;
import cairn.progression.dashboards.DashboardPage.Row;
import cairn.progression.dashboards.DashboardPage.Section;
import cairn.progression.dashboards.DashboardPage.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A dashboard's tables as CSV (RFC 4180, Apache Commons CSV): one table as the page shows it, or the
 * whole view as one row per cell (section, table, row, column, value). The same rows, the same
 * suppression and the same words as the page, nothing more. A cell that a spreadsheet would read as
 * a formula (starting with {@code = + - @}, a tab or a carriage return) is prefixed with {@code '}
 * (OWASP, CSV injection): group names come from the people directory, which an import fills.
 */
final class Csv {
  private Csv() {}

  /** One table: its column headings, then each row (a suppressed group: its note, the other cells empty). */
  static String table(Table table) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(table.columns());
    for (Row row : table.rows()) {
      List<String> line = new ArrayList<>();
      line.add(row.header());
      if (row.suppressed()) {
        line.add(row.note());
        while (line.size() < table.columns().size()) {
          line.add("");
        }
      } else {
        row.cells().forEach(c -> line.add(c.text()));
      }
      lines.add(line);
    }
    return write(lines);
  }

  /** Every table of the view, one row per cell; a suppressed group is one row whose value is its note. */
  static String view(List<Section> sections) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(List.of("section", "table", "row", "column", "value"));
    for (Section section : sections) {
      for (Figure figure : section.figures()) {
        Table table = figure.table();
        for (Row row : table.rows()) {
          if (row.suppressed()) {
            lines.add(List.of(section.title(), table.caption(), row.header(), "", row.note()));
            continue;
          }
          for (int i = 0; i < row.cells().size(); i++) {
            lines.add(List.of(section.title(), table.caption(), row.header(), table.columns().get(i + 1),
                row.cells().get(i).text()));
          }
        }
      }
    }
    return write(lines);
  }

  private static String write(List<List<String>> lines) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      for (List<String> line : lines) {
        printer.printRecord(line.stream().map(Csv::defused).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return out.toString();
  }

  /** A cell a spreadsheet would take for a formula, made plain text. */
  static String defused(String cell) {
    if (cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
      return "'" + cell;
    }
    return cell;
  }
}
