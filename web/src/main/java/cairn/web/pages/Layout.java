package cairn.web.pages;

import gg.jte.Content;
import java.util.List;

/**
 * The one layout every page is drawn in ({@code layout.jte}): the page's title, the errors of the
 * form it shows (an error summary at the top, and "Error: " before the title), the name of who is
 * signed in (or null), the page's own content, rendered by its feature's template, and what the page
 * adds to the document's head (Open Graph tags, {@code robots}; null for nothing).
 */
public record Layout(String title, List<FieldError> errors, String signedInAs, Content content, Content head) {
  public Layout {
    errors = List.copyOf(errors);
  }

  public Layout(String title, List<FieldError> errors, String signedInAs, Content content) {
    this(title, errors, signedInAs, content, null);
  }
}
