package cairn.lrs;

/** Where the LRS's Flyway migrations live and which schema they own. */
public final class LrsSchema {
  public static final String NAME = "lrs";
  public static final String LOCATION = "classpath:db/lrs";

  private LrsSchema() {}
}
