package cairn.web.pages;

import java.util.List;

/**
 * The admin console's index, {@code /admin} ({@code console.jte}): the sections the signed-in
 * person's roles open, each a link with what it is for. Which sections a person sees is the
 * application's decision (its role matrix); this is only what the page shows.
 */
public record ConsoleIndex(List<Section> sections) {
  public ConsoleIndex {
    sections = List.copyOf(sections);
  }

  /** One section: its path under {@code /admin}, its title and one sentence saying what it is for. */
  public record Section(String path, String title, String description) {}
}
