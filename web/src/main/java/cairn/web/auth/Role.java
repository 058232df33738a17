package cairn.web.auth;

import java.util.Optional;

/**
 * What a signed-in person may do in Cairn, beyond seeing their own record. Roles are granted to an
 * account by an administrator (every grant and revocation audited) and, later, mapped from an
 * identity provider's claims. The wire names are what the API and the CLI take.
 */
public enum Role {
  /** Sees their own progress, credentials and shares. */
  EMPLOYEE("employee"),
  /** Sees the records the people they mentor shared with them. */
  MENTOR("mentor"),
  /** Sees their teams' progress, aggregated. */
  MANAGER("manager"),
  /** Sees organisation-wide cohort views and equity, aggregated. */
  HR("hr"),
  /** Verifies credentials and the evidence behind them for a promotion committee. */
  COMMITTEE_REVIEWER("committee_reviewer"),
  /** Frameworks, evidence rules, ladders and the people directory. */
  LD_ADMIN("ld_admin"),
  /** The learning record store: API credentials, statements, and the accounts of people. */
  LRS_ADMIN("lrs_admin"),
  /** Reads audit logs, changes nothing. */
  AUDITOR("auditor");

  private final String wireName;

  Role(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Role> fromWire(String name) {
    for (Role role : values()) {
      if (role.wireName.equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** The wire names, for messages that list what is accepted. */
  public static String wireNames() {
    StringBuilder names = new StringBuilder();
    for (Role role : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(role.wireName);
    }
    return names.toString();
  }
}
