package cairn.progression.rules;

import java.util.Map;

/**
 * How a parent competency's level follows from its children's (the CASE {@code isChildOf} tree):
 * {@code all} — the level every child has reached (the minimum); {@code any} — the best child's;
 * {@code atLeast} — the level at least {@code n} children have reached; {@code weighted} — the
 * weighted mean of the children's levels, rounded down; {@code none} — no rollup.
 */
public record Rollup(String mode, int n, Map<String, Double> weights) {
  public static final Rollup ALL = new Rollup("all", 0, Map.of());

  public Rollup {
    weights = Map.copyOf(weights);
  }
}
