package cairn.progression;

import java.time.Duration;

/**
 * The progression mapper's settings, read once by the application and passed to constructors.
 *
 * @param minGroupSize the smallest group a team or cohort view may reveal (default 5); smaller
 *     groups, and groups that could be recovered by subtracting two answers, are suppressed
 * @param pollInterval how long the feed consumer waits after a round that found nothing new
 * @param batchSize statements read from the feed per transaction
 * @param publicBaseUrl the URL Cairn is reached at; achievement ids are built under it
 * @param consumer the feed consumer whose derived state the API serves and the verticle advances
 * @param issue whether reached milestones write issuance requests (off for a shadow recompute)
 * @param cohortPeriod how often the cohort views take a snapshot: {@code day}, {@code week} (ISO
 *     weeks, the default) or {@code month}; see docs/progression.md, "The privacy guarantee"
 */
public record ProgressionOptions(
    int minGroupSize, Duration pollInterval, int batchSize, String publicBaseUrl, String consumer, boolean issue,
    String cohortPeriod) {

  public static final String LIVE = "live";

  public ProgressionOptions {
    if (minGroupSize < 2) {
      throw new IllegalArgumentException("minGroupSize must be at least 2, not " + minGroupSize);
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
    if (batchSize < 1 || batchSize > 20_000) {
      throw new IllegalArgumentException("batchSize must be between 1 and 20000, not " + batchSize);
    }
    if (publicBaseUrl == null || !publicBaseUrl.matches("https?://.+")) {
      throw new IllegalArgumentException("publicBaseUrl must be an http(s) URL, not " + publicBaseUrl);
    }
    publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    if (consumer == null || !consumer.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("consumer must be 1-100 letters, digits, '.', '_' or '-'");
    }
    if (!java.util.Set.of("day", "week", "month").contains(cohortPeriod)) {
      throw new IllegalArgumentException("cohortPeriod must be day, week or month, not " + cohortPeriod);
    }
  }

  /** Groups of 5, a 200 ms poll, batches of 5000, the live consumer, issuing, weekly cohort snapshots. */
  public static ProgressionOptions defaults(String publicBaseUrl) {
    return new ProgressionOptions(5, Duration.ofMillis(200), 5000, publicBaseUrl, LIVE, true, "week");
  }

  public ProgressionOptions withCohortPeriod(String cohortPeriod) {
    return new ProgressionOptions(minGroupSize, pollInterval, batchSize, publicBaseUrl, consumer, issue, cohortPeriod);
  }

  public ProgressionOptions withConsumer(String consumer, boolean issue) {
    return new ProgressionOptions(minGroupSize, pollInterval, batchSize, publicBaseUrl, consumer, issue, cohortPeriod);
  }

  public ProgressionOptions withMinGroupSize(int minGroupSize) {
    return new ProgressionOptions(minGroupSize, pollInterval, batchSize, publicBaseUrl, consumer, issue, cohortPeriod);
  }

  public ProgressionOptions withBatchSize(int batchSize) {
    return new ProgressionOptions(minGroupSize, pollInterval, batchSize, publicBaseUrl, consumer, issue, cohortPeriod);
  }

  public ProgressionOptions withPollInterval(Duration pollInterval) {
    return new ProgressionOptions(minGroupSize, pollInterval, batchSize, publicBaseUrl, consumer, issue, cohortPeriod);
  }
}
