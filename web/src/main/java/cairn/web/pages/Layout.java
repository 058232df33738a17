package cairn.web.pages;

import gg.jte.Content;
import java.util.List;

/**
 * The one layout every page is drawn in ({@code layout.jte}): the page's title, the errors of the
 * form it shows (an error summary at the top, and "Error: " before the title), the name of who is
 * signed in (or null), and the page's own content, rendered by its feature's template.
 */
public record Layout(String title, List<FieldError> errors, String signedInAs, Content content) {
  public Layout {
    errors = List.copyOf(errors);
  }
}
