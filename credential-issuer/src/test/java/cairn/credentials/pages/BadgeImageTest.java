package cairn.credentials.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BadgeImageTest {
  @Test
  void theBadgeNamesTheAchievementAndIssuerAndEscapesThem() {
    String svg = BadgeImage.svg("Senior <Engineer> & \"Readiness\"", "Northwind's Academy", "swe", "x1");
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("role=\"img\"")
        .contains("<title id=\"badge-title-x1\">Senior &lt;Engineer&gt; &amp; &quot;Readiness&quot; – Northwind&#39;s Academy</title>")
        .doesNotContain("<Engineer>");
  }

  @Test
  void milestonesOfOneLadderShareAMarkAndOtherLaddersLookDifferent() {
    String a = shape(BadgeImage.svg("Foundations", "Cairn", "swe-career", "a"));
    String b = shape(BadgeImage.svg("Staff Engineer", "Cairn", "swe-career", "b"));
    assertThat(a).isEqualTo(b);
    boolean someDiffer = false;
    for (String ladder : new String[] {"data-career", "design-career", "sales-career", "ops-career", "qa-career"}) {
      someDiffer |= !shape(BadgeImage.svg("Foundations", "Cairn", ladder, "c")).equals(a);
    }
    assertThat(someDiffer).isTrue();
  }

  @Test
  void longNamesWrapIntoAtMostThreeLines() {
    assertThat(BadgeImage.wrap("A very long achievement name that goes on and on and on", 16, 3)).hasSize(3)
        .last().asString().endsWith("…");
    assertThat(BadgeImage.wrap("Short", 16, 3)).containsExactly("Short");
  }

  /** The badge's outline and colour: everything before the stones. */
  private static String shape(String svg) {
    String outline = svg.substring(svg.indexOf("</title>"), svg.indexOf("<g"));
    return outline;
  }
}
