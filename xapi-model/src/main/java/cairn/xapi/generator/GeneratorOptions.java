package cairn.xapi.generator;

import java.time.LocalDate;

/**
 * What {@link StatementGenerator} simulates: an organisation of {@code learners} people in
 * {@code teams} teams, learning for {@code months} months from {@code start}. The same options give
 * the same statements, byte for byte.
 *
 * @param seed every random choice derives from it
 * @param learners people in the directory, at least 2
 * @param teams teams they work in, between 1 and {@code learners}
 * @param start the first simulated day (UTC)
 * @param months how many months are simulated, at least 1
 * @param domain the organisation's e-mail and web domain, e.g. {@code northwind.example}
 * @param accountShare the share of learners identified by an {@code account} IFI (xAPI 1.0.3 Part
 *     Two §2.4.2.4) instead of {@code mbox}, in [0, 1]
 * @param activity a multiplier on how often people learn (1 = about one course attempt per person
 *     every eight working days)
 */
public record GeneratorOptions(
    long seed,
    int learners,
    int teams,
    LocalDate start,
    int months,
    String domain,
    double accountShare,
    double activity) {

  public GeneratorOptions {
    if (learners < 2) {
      throw new IllegalArgumentException("learners must be at least 2, not " + learners);
    }
    if (teams < 1 || teams > learners) {
      throw new IllegalArgumentException("teams must be between 1 and learners (" + learners + "), not " + teams);
    }
    if (start == null) {
      throw new IllegalArgumentException("start is required");
    }
    if (months < 1) {
      throw new IllegalArgumentException("months must be at least 1, not " + months);
    }
    if (domain == null || !domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
      throw new IllegalArgumentException("domain must be a lower-case DNS name such as northwind.example, not " + domain);
    }
    if (!(accountShare >= 0 && accountShare <= 1)) {
      throw new IllegalArgumentException("accountShare must be in [0, 1], not " + accountShare);
    }
    if (!(activity > 0 && activity <= 100)) {
      throw new IllegalArgumentException("activity must be in (0, 100], not " + activity);
    }
  }

  /** 3000 learners in 150 teams over six months from 6 January 2025, at northwind.example. */
  public static GeneratorOptions defaults(long seed) {
    return new GeneratorOptions(seed, 3000, 150, LocalDate.of(2025, 1, 6), 6, "northwind.example", 0.1, 1.0);
  }

  public GeneratorOptions withLearners(int learners, int teams) {
    return new GeneratorOptions(seed, learners, teams, start, months, domain, accountShare, activity);
  }

  public GeneratorOptions withPeriod(LocalDate start, int months) {
    return new GeneratorOptions(seed, learners, teams, start, months, domain, accountShare, activity);
  }

  public GeneratorOptions withDomain(String domain) {
    return new GeneratorOptions(seed, learners, teams, start, months, domain, accountShare, activity);
  }

  public GeneratorOptions withActivity(double activity) {
    return new GeneratorOptions(seed, learners, teams, start, months, domain, accountShare, activity);
  }

  /** The day after the last simulated day. */
  LocalDate end() {
    return start.plusMonths(months);
  }
}
