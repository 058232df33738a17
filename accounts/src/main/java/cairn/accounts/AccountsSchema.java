package cairn.accounts;

/** Where the accounts feature's Flyway migrations live and which schema they own. */
public final class AccountsSchema {
  public static final String NAME = "accounts";
  public static final String LOCATION = "classpath:db/accounts";

  private AccountsSchema() {}
}
