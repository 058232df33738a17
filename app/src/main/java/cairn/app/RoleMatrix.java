package cairn.app;

import static cairn.web.auth.Role.AUDITOR;
import static cairn.web.auth.Role.HR;
import static cairn.web.auth.Role.LD_ADMIN;
import static cairn.web.auth.Role.LRS_ADMIN;
import static cairn.web.auth.Role.MANAGER;

import cairn.web.auth.RoleAccess;

/**
 * The role matrix of the admin API: what a signed-in person with each role may call under
 * {@code /api/v1} (their own {@code /api/v1/me/…} aside, which needs only a session, and the
 * mentor's and reviewer's views there, which check their role themselves). API credentials with
 * scope {@code all} reach every endpoint, as before. docs/accounts.md shows this table; RoleMatrixTest
 * tries every cell through the real server.
 *
 * <ul>
 *   <li>L&D admin: frameworks, rules, ladders, the people directory and their progress, cohorts (and
 *       taking a cohort snapshot),
 *       issuer profiles, badges (issue, revoke, suspend, reinstate, share), the mapper's status;</li>
 *   <li>LRS admin: API credentials, people's accounts and roles, their erasure requests and the
 *       erasure of a person, the issuer's signing keys;</li>
 *   <li>auditor: the audit trails, read-only;</li>
 *   <li>manager: cohort views and their history, limited by the cohort route to the cells of the teams
 *       they manage;</li>
 *   <li>HR: the organisation's cohort views and their history, and the equity views by self-declared
 *       attributes (which only they may group by);</li>
 *   <li>employee, mentor, committee reviewer: nothing here (their views are under {@code /api/v1/me}).</li>
 * </ul>
 */
final class RoleMatrix {
  private RoleMatrix() {}

  static RoleAccess build() {
    return RoleAccess.builder()
        // audit trails: auditors, and the admins of what they record
        .read("/api/v1/audit", AUDITOR, LD_ADMIN)
        .read("/api/v1/badges/*/audit", AUDITOR, LD_ADMIN)
        .read("/api/v1/accounts/audit", AUDITOR, LRS_ADMIN)
        .read("/api/v1/credentials/audit", AUDITOR, LRS_ADMIN)
        // L&D
        .any("/api/v1/frameworks/**", LD_ADMIN)
        .any("/api/v1/ladders/**", LD_ADMIN)
        .any("/api/v1/people/*/erasure", LRS_ADMIN)
        .any("/api/v1/people/**", LD_ADMIN)
        .read("/api/v1/cohorts", LD_ADMIN, MANAGER, HR)
        .read("/api/v1/cohorts/history", LD_ADMIN, MANAGER, HR)
        .any("/api/v1/cohorts/snapshots", LD_ADMIN)
        .read("/api/v1/progression/status", LD_ADMIN, LRS_ADMIN)
        .any("/api/v1/issuers/**", LD_ADMIN)
        .any("/api/v1/badges/**", LD_ADMIN)
        // the record store and its people
        .any("/api/v1/credentials/**", LRS_ADMIN)
        .any("/api/v1/accounts/**", LRS_ADMIN)
        .any("/api/v1/keys/**", LRS_ADMIN)
        .build();
  }

  /**
   * The admin console's sections under {@code /admin} (the URL plan of docs/console.md): each section
   * is open to the roles of the API it fronts above — the record store's (API credentials, accounts,
   * statements, the issuer's signing keys) to LRS admins, the mapper's and the issuer's (frameworks,
   * rules, ladders, people, the mapper's status, credentials, issuer profiles) to L&D admins. A path
   * under {@code /admin} that no rule covers is refused, like an API endpoint without a rule.
   */
  static RoleAccess console() {
    return RoleAccess.builder()
        .any("/admin/api-credentials/**", LRS_ADMIN)
        .any("/admin/accounts/**", LRS_ADMIN)
        .any("/admin/statements/**", LRS_ADMIN)
        .any("/admin/keys/**", LRS_ADMIN)
        .any("/admin/frameworks/**", LD_ADMIN)
        .any("/admin/rules/**", LD_ADMIN)
        .any("/admin/ladders/**", LD_ADMIN)
        .any("/admin/people/**", LD_ADMIN)
        .any("/admin/mapper/**", LD_ADMIN, LRS_ADMIN)
        .any("/admin/credentials/**", LD_ADMIN)
        .any("/admin/issuer/**", LD_ADMIN)
        .build();
  }
}
