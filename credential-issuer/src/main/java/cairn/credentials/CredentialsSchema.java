package cairn.credentials;

/** Where the credential issuer's Flyway migrations live and which schema they own. */
public final class CredentialsSchema {
  public static final String NAME = "credentials";
  public static final String LOCATION = "classpath:db/credentials";

  private CredentialsSchema() {}
}
