package cairn.progression.dashboards;

import cairn.web.pages.FieldError;
import java.util.List;

/**
 * The model of {@code dashboard.jte}: a dashboard's title and introduction, the choices of its GET
 * form (framework, ladder, and on the team dashboard the team), facts about the view (who is in it,
 * the minimum group size, the period), and its sections of figures — each a table, and a chart of
 * the same numbers when the numbers make one.
 *
 * @param path the dashboard's path, where the form goes and the CSV links point
 * @param query the chosen framework, ladder and team as a query string (no leading {@code ?}), for the CSV links
 */
public record DashboardPage(String title, String intro, String path, String query, List<Option> frameworks,
    List<Option> ladders, List<Option> teams, List<FieldError> errors, List<String> facts, List<Section> sections) {

  /** The message of a field's error, or null. */
  public String error(String field) {
    return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
  }

  /** One choice of a select: its value, what it says, whether it is chosen. */
  public record Option(String value, String label, boolean selected) {}

  /** A part of the dashboard: a heading, a sentence on what it shows, its figures (none: {@code empty} says why). */
  public record Section(String id, String title, String intro, List<Figure> figures, String empty) {}

  /**
   * A table and, when not null, the chart of its numbers ({@code chart}: the JSON the page's script
   * draws it from).
   */
  public record Figure(String id, Table table, String chart) {}

  /** A table: its caption, its column headings (the first heads the row headers), its rows. */
  public record Table(String caption, List<String> columns, List<Row> rows) {}

  /**
   * A row: its header (a group, a week) and cells; a suppressed group has no cells and a
   * {@code note} saying it is not shown.
   */
  public record Row(String header, List<Cell> cells, String note) {
    public boolean suppressed() {
      return note != null;
    }
  }

  /** A cell as shown, and its number (null when it has none) for the chart. */
  public record Cell(String text, Double value) {}
}
