package cairn.progression;

/** Where the progression mapper's Flyway migrations live and which schema they own. */
public final class ProgressionSchema {
  public static final String NAME = "progression";
  public static final String LOCATION = "classpath:db/progression";

  private ProgressionSchema() {}
}
