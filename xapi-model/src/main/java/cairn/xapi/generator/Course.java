package cairn.xapi.generator;

import java.util.List;

/**
 * A cmi5 course of the catalogue: blocks of assignable units (cmi5 spec §5, course structure).
 *
 * @param id the course activity id
 * @param name its title (en-US)
 * @param function the job family it is for, or "Company" for everyone
 * @param blocks one or two blocks, each with at least one AU
 */
public record Course(String id, String name, String function, List<Block> blocks) {

  public Course {
    blocks = List.copyOf(blocks);
  }

  /** A cmi5 block. */
  public record Block(String id, String name, List<Au> aus) {
    public Block {
      aus = List.copyOf(aus);
    }
  }

  /**
   * A cmi5 assignable unit.
   *
   * @param masteryScore the scaled score needed to pass, or 0 for a unit that is only completed
   * @param minutes typical time it takes
   */
  public record Au(String id, String name, String launchUrl, double masteryScore, int minutes) {
    public boolean assessed() {
      return masteryScore > 0;
    }
  }

  public List<Au> aus() {
    return blocks.stream().flatMap(b -> b.aus().stream()).toList();
  }
}
