package cairn.app;

import cairn.accounts.oidc.OidcOptions;

import cairn.lrs.upstream.UpstreamOptions;
import cairn.xapi.XapiVersion;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;

/**
 * Cairn's configuration, read once at start-up from environment variables and, if
 * {@code CAIRN_CONFIG} names one, a properties file using the same names (the environment wins).
 *
 * @param httpPort CAIRN_HTTP_PORT, default 8080
 * @param publicUrl CAIRN_PUBLIC_URL, default http://localhost:PORT
 * @param dataDir CAIRN_DATA_DIR, default ./data; the embedded PostgreSQL keeps its files here
 * @param dbUrl CAIRN_DB_URL, a {@code postgresql://host:port/db} or {@code jdbc:postgresql://…} URL;
 *     empty means the embedded PostgreSQL
 * @param dbUser CAIRN_DB_USER
 * @param dbPassword CAIRN_DB_PASSWORD
 * @param dbPoolSize CAIRN_DB_POOL_SIZE, default 16
 * @param bootstrapKey CAIRN_BOOTSTRAP_KEY: created with scope {@code all} at start if absent
 * @param bootstrapSecret CAIRN_BOOTSTRAP_SECRET
 * @param tokenTtl CAIRN_TOKEN_TTL_SECONDS, how long an OAuth access token from {@code POST /oauth/token}
 *     lives (default 3600, at most 86400)
 * @param maxBodyBytes CAIRN_MAX_BODY_BYTES, default 16 MiB
 * @param maxBatch CAIRN_MAX_BATCH, default 1000 statements per POST
 * @param instances CAIRN_HTTP_INSTANCES, default the number of cores
 * @param defaultXapiVersion CAIRN_XAPI_DEFAULT_VERSION (1.0.3 or 2.0.0, default 2.0.0): the version
 *     named in answers to requests that give no usable X-Experience-API-Version
 * @param components CAIRN_COMPONENTS, a comma list of {@code http}, {@code mapper}, {@code issuer}
 *     (default all three): what this process runs; workers share work through PostgreSQL
 * @param keySecret CAIRN_KEY_SECRET, the secret signing keys are encrypted with at rest (16+
 *     characters); unset: a random one is created once in the data directory
 * @param minGroupSize CAIRN_MIN_GROUP_SIZE, the smallest group a cohort view reveals (default 5)
 * @param cohortPeriod CAIRN_COHORT_PERIOD, how often cohort views take a snapshot: day, week (default) or month
 * @param issuerName CAIRN_ISSUER_NAME, the credential issuer's name (default "Cairn")
 * @param issuerUrl CAIRN_ISSUER_URL, its homepage (default the public URL)
 * @param issuerEmail CAIRN_ISSUER_EMAIL, its contact address (optional)
 * @param issuerImage CAIRN_ISSUER_IMAGE, its logo URL (optional)
 * @param verifyPrivateAddresses CAIRN_VERIFY_ALLOW_PRIVATE_ADDRESSES ({@code true} or {@code false},
 *     default false): whether the public verify API may fetch kid and status list URLs on loopback,
 *     link-local, private, any-local or multicast addresses (other issuers inside your network)
 * @param issuerDid CAIRN_ISSUER_DID ({@code web} or {@code key}, default web): how credentials with a Data
 *     Integrity proof name their issuer — a did:web on the public URL's host and path, or the did:key of the
 *     active Ed25519 key (for installations without a stable public domain)
 * @param metricsPort CAIRN_METRICS_PORT: if set, {@code GET /metrics} is served on this port without
 *     credentials (with the health endpoints), and not on the HTTP port; unset, it is on the HTTP port
 *     for a credential with scope {@code metrics} or {@code all}
 * @param readyMapperLag CAIRN_READY_MAPPER_LAG_SECONDS (default 600): {@code /health/ready} answers 503
 *     once the oldest statement the progression mapper has not consumed waited longer; 0: the lag is
 *     reported, never a reason for 503
 * @param upstream CAIRN_UPSTREAM_URL (an LRS's xAPI endpoint) with CAIRN_UPSTREAM_KEY,
 *     CAIRN_UPSTREAM_SECRET, CAIRN_UPSTREAM_VERSION (default 1.0.3) and CAIRN_UPSTREAM_POLL_MS
 *     (default 1000): another LRS whose statements Cairn copies, in processes running the mapper
 * @param logFormat CAIRN_LOG_FORMAT, {@code text} (default) or {@code json} (JSON lines)
 * @param logLevel CAIRN_LOG_LEVEL, the least level logged: TRACE, DEBUG, INFO (default), WARN or ERROR
 * @param accessLog CAIRN_ACCESS_LOG ({@code true} or {@code false}, default true): one line per request
 * @param signIn how people sign in: CAIRN_SESSION_IDLE_MINUTES (default 60), CAIRN_SESSION_MAX_HOURS
 *     (12), CAIRN_INVITATION_HOURS (72), CAIRN_LOGIN_MAX_FAILURES (5 per email address),
 *     CAIRN_LOGIN_MAX_FAILURES_PER_ADDRESS (50 per client address, 0: not counted),
 *     CAIRN_LOGIN_LOCK_MINUTES (15); sign-in with an OpenID Connect provider: CAIRN_OIDC_ISSUER,
 *     CAIRN_OIDC_CLIENT_ID, CAIRN_OIDC_CLIENT_SECRET (all three or none), CAIRN_OIDC_SCOPES
 *     (default {@code openid email profile}), CAIRN_OIDC_ROLES_CLAIM (none), CAIRN_OIDC_NAME
 * @param retentionStatements CAIRN_RETENTION_STATEMENTS, an ISO-8601 period (P2Y): statements stored
 *     longer ago are purged daily; unset, they are kept forever
 */
public record Config(
    int httpPort,
    String publicUrl,
    Path dataDir,
    Optional<String> dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Optional<String> bootstrapKey,
    Optional<String> bootstrapSecret,
    Duration tokenTtl,
    long maxBodyBytes,
    int maxBatch,
    int instances,
    XapiVersion defaultXapiVersion,
    Set<String> components,
    Optional<String> keySecret,
    int minGroupSize,
    String cohortPeriod,
    String issuerName,
    Optional<String> issuerUrl,
    Optional<String> issuerEmail,
    Optional<String> issuerImage,
    boolean verifyPrivateAddresses,
    String issuerDid,
    OptionalInt metricsPort,
    Duration readyMapperLag,
    Optional<UpstreamOptions> upstream,
    String logFormat,
    String logLevel,
    boolean accessLog,
    SignIn signIn,
    Optional<Period> retentionStatements) {

  /** The sign-in settings (see docs/accounts.md). */
  public record SignIn(Duration sessionIdle, Duration sessionMax, Duration invitationValidity, int maxFailures,
      int maxFailuresPerAddress, Duration lockout, Optional<OidcOptions> oidc) {
    public SignIn {
      if (sessionIdle.isZero() || sessionMax.compareTo(sessionIdle) < 0) {
        throw new ConfigException("CAIRN_SESSION_IDLE_MINUTES must be at least 1 and at most CAIRN_SESSION_MAX_HOURS.");
      }
      if (invitationValidity.isZero() || maxFailures < 1 || lockout.isZero()) {
        throw new ConfigException("CAIRN_INVITATION_HOURS, CAIRN_LOGIN_MAX_FAILURES and CAIRN_LOGIN_LOCK_MINUTES "
            + "must be at least 1.");
      }
    }
  }

  public static final Set<String> COMPONENTS = Set.of("http", "mapper", "issuer");
  /** Longest access token lifetime: a bearer token is a password while it lives, so not for long. */
  static final Duration MAX_TOKEN_TTL = Duration.ofDays(1);
  public static final Set<String> LOG_FORMATS = Set.of("text", "json");
  public static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  public Config {
    if (bootstrapKey.isPresent() != bootstrapSecret.isPresent()) {
      throw new ConfigException("CAIRN_BOOTSTRAP_KEY and CAIRN_BOOTSTRAP_SECRET go together: set both or neither.");
    }
    if (components.isEmpty() || !COMPONENTS.containsAll(components)) {
      throw new ConfigException("CAIRN_COMPONENTS must list some of http, mapper, issuer; not " + components + ".");
    }
    components = Set.copyOf(components);
    if (keySecret.isPresent() && keySecret.get().length() < 16) {
      throw new ConfigException("CAIRN_KEY_SECRET must have at least 16 characters.");
    }
    if (tokenTtl.isZero() || tokenTtl.isNegative() || tokenTtl.compareTo(MAX_TOKEN_TTL) > 0) {
      throw new ConfigException("CAIRN_TOKEN_TTL_SECONDS must be 1 to " + MAX_TOKEN_TTL.toSeconds() + ".");
    }
    if (minGroupSize < 2) {
      throw new ConfigException("CAIRN_MIN_GROUP_SIZE must be at least 2.");
    }
    int metrics = metricsPort.orElse(-1);
    if (metrics > 65535 || metrics > 0 && metrics == httpPort) {
      throw new ConfigException("CAIRN_METRICS_PORT must be a port (0-65535) other than CAIRN_HTTP_PORT, not "
          + metrics + ".");
    }
  }

  /** Thrown for a setting that cannot be used; the message names it. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }

  public static Config fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** As {@link #fromEnvironment()}, from the given environment variables. */
  public static Config fromEnvironment(Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    String file = environment.get("CAIRN_CONFIG");
    if (file != null && !file.isBlank()) {
      values.putAll(readFile(Path.of(file)));
    }
    values.putAll(environment);
    return from(values);
  }

  public static Config from(Map<String, String> values) {
    int port = integer(values, "CAIRN_HTTP_PORT", 8080);
    return new Config(
        port,
        text(values, "CAIRN_PUBLIC_URL").orElse("http://localhost:" + port),
        Path.of(text(values, "CAIRN_DATA_DIR").orElse("data")).toAbsolutePath(),
        text(values, "CAIRN_DB_URL"),
        text(values, "CAIRN_DB_USER").orElse("cairn"),
        text(values, "CAIRN_DB_PASSWORD").orElse(""),
        integer(values, "CAIRN_DB_POOL_SIZE", 16),
        text(values, "CAIRN_BOOTSTRAP_KEY"),
        text(values, "CAIRN_BOOTSTRAP_SECRET"),
        Duration.ofSeconds(integer(values, "CAIRN_TOKEN_TTL_SECONDS", 3600)),
        integer(values, "CAIRN_MAX_BODY_BYTES", 16 * 1024 * 1024),
        integer(values, "CAIRN_MAX_BATCH", 1000),
        integer(values, "CAIRN_HTTP_INSTANCES", Runtime.getRuntime().availableProcessors()),
        version(values, "CAIRN_XAPI_DEFAULT_VERSION"),
        text(values, "CAIRN_COMPONENTS").map(v -> Set.of(v.split("\\s*,\\s*"))).orElse(COMPONENTS),
        text(values, "CAIRN_KEY_SECRET"),
        integer(values, "CAIRN_MIN_GROUP_SIZE", 5),
        choice(values, "CAIRN_COHORT_PERIOD", Set.of("day", "week", "month"), "week").toLowerCase(java.util.Locale.ROOT),
        text(values, "CAIRN_ISSUER_NAME").orElse("Cairn"),
        text(values, "CAIRN_ISSUER_URL"),
        text(values, "CAIRN_ISSUER_EMAIL"),
        text(values, "CAIRN_ISSUER_IMAGE"),
        bool(values, "CAIRN_VERIFY_ALLOW_PRIVATE_ADDRESSES", false),
        choice(values, "CAIRN_ISSUER_DID", Set.of("web", "key"), "web").toLowerCase(java.util.Locale.ROOT),
        text(values, "CAIRN_METRICS_PORT").isPresent() ? OptionalInt.of(integer(values, "CAIRN_METRICS_PORT", 0))
            : OptionalInt.empty(),
        Duration.ofSeconds(integer(values, "CAIRN_READY_MAPPER_LAG_SECONDS", 600)),
        upstream(values),
        choice(values, "CAIRN_LOG_FORMAT", LOG_FORMATS, "text").toLowerCase(java.util.Locale.ROOT),
        choice(values, "CAIRN_LOG_LEVEL", LOG_LEVELS, "INFO").toUpperCase(java.util.Locale.ROOT),
        bool(values, "CAIRN_ACCESS_LOG", true),
        new SignIn(Duration.ofMinutes(integer(values, "CAIRN_SESSION_IDLE_MINUTES", 60)),
            Duration.ofHours(integer(values, "CAIRN_SESSION_MAX_HOURS", 12)),
            Duration.ofHours(integer(values, "CAIRN_INVITATION_HOURS", 72)),
            integer(values, "CAIRN_LOGIN_MAX_FAILURES", 5),
            integer(values, "CAIRN_LOGIN_MAX_FAILURES_PER_ADDRESS", 50),
            Duration.ofMinutes(integer(values, "CAIRN_LOGIN_LOCK_MINUTES", 15)), oidc(values)),
        retention(values, "CAIRN_RETENTION_STATEMENTS"));
  }

  /** An ISO-8601 period (P2Y, P18M, P90D) of at least a day, or none: keep forever. */
  private static Optional<Period> retention(Map<String, String> values, String name) {
    Optional<String> text = text(values, name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Period period;
    try {
      period = Period.parse(text.get().strip());
    } catch (java.time.format.DateTimeParseException e) {
      period = null;
    }
    if (period == null || period.isNegative() || period.isZero()) {
      throw new ConfigException(name + " must be an ISO-8601 period of at least a day, such as P2Y, P18M or P90D "
          + "(unset: keep statements forever), not '" + text.get() + "'.");
    }
    return Optional.of(period);
  }

  /** The OpenID Connect provider people may sign in with: all three of issuer, client id and secret, or none. */
  private static Optional<OidcOptions> oidc(Map<String, String> values) {
    Optional<String> issuer = text(values, "CAIRN_OIDC_ISSUER");
    Optional<String> clientId = text(values, "CAIRN_OIDC_CLIENT_ID");
    Optional<String> secret = text(values, "CAIRN_OIDC_CLIENT_SECRET");
    if (issuer.isEmpty() && clientId.isEmpty() && secret.isEmpty()) {
      return Optional.empty();
    }
    if (issuer.isEmpty() || clientId.isEmpty() || secret.isEmpty()) {
      throw new ConfigException("Sign-in with an OpenID Connect provider needs all three of CAIRN_OIDC_ISSUER, "
          + "CAIRN_OIDC_CLIENT_ID and CAIRN_OIDC_CLIENT_SECRET; set the missing ones, or none for local accounts only.");
    }
    URI url;
    try {
      url = new URI(issuer.get());
    } catch (java.net.URISyntaxException e) {
      url = null;
    }
    if (url == null || url.getHost() == null
        || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()) && isLoopback(url.getHost()))) {
      throw new ConfigException("CAIRN_OIDC_ISSUER must be the provider's https URL (its issuer, e.g. "
          + "https://login.example.com/realms/staff), not '" + issuer.get() + "'.");
    }
    List<String> scopes = text(values, "CAIRN_OIDC_SCOPES").map(v -> List.of(v.strip().split("[\\s,]+")))
        .orElse(OidcOptions.DEFAULT_SCOPES);
    if (!scopes.contains("openid")) {
      throw new ConfigException("CAIRN_OIDC_SCOPES must include openid (default: openid email profile).");
    }
    return Optional.of(new OidcOptions(issuer.get(), clientId.get(), secret.get(), scopes,
        text(values, "CAIRN_OIDC_ROLES_CLAIM").orElse(null),
        text(values, "CAIRN_OIDC_NAME").orElse(OidcOptions.DEFAULT_NAME)));
  }

  private static boolean isLoopback(String host) {
    return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
  }

  private static Optional<UpstreamOptions> upstream(Map<String, String> values) {
    Optional<String> url = text(values, "CAIRN_UPSTREAM_URL");
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new UpstreamOptions(URI.create(url.get()),
          text(values, "CAIRN_UPSTREAM_KEY").orElse(null), text(values, "CAIRN_UPSTREAM_SECRET").orElse(null),
          text(values, "CAIRN_UPSTREAM_VERSION").orElse("1.0.3"),
          Duration.ofMillis(Math.max(1, integer(values, "CAIRN_UPSTREAM_POLL_MS", 1000))), 500));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("CAIRN_UPSTREAM_*: " + e.getMessage() + ".");
    }
  }

  /** Never prints the key secret or the bootstrap secret. */
  @Override
  public String toString() {
    return "Config[httpPort=" + httpPort + ", publicUrl=" + publicUrl + ", dataDir=" + dataDir
        + ", db=" + (dbUrl.isPresent() ? "external" : "embedded") + ", components=" + components
        + (metricsPort.isPresent() ? ", metricsPort=" + metricsPort.getAsInt() : "")
        + upstream.map(u -> ", upstream=" + u.endpoint()).orElse("") + "]";
  }

  private static Optional<String> text(Map<String, String> values, String name) {
    String v = values.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static boolean bool(Map<String, String> values, String name, boolean fallback) {
    Optional<String> v = text(values, name);
    if (v.isEmpty()) {
      return fallback;
    }
    if (v.get().equalsIgnoreCase("false")) {
      return false;
    }
    if (v.get().equalsIgnoreCase("true")) {
      return true;
    }
    throw new ConfigException(name + " must be true or false, not '" + v.get() + "'.");
  }

  /** One of {@code allowed}, in any case. */
  private static String choice(Map<String, String> values, String name, Set<String> allowed, String fallback) {
    Optional<String> v = text(values, name);
    if (v.isEmpty()) {
      return fallback;
    }
    return allowed.stream().filter(a -> a.equalsIgnoreCase(v.get())).findFirst()
        .orElseThrow(() -> new ConfigException(name + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed))
            + ", not '" + v.get() + "'."));
  }

  private static XapiVersion version(Map<String, String> values, String name) {
    Optional<String> v = text(values, name);
    if (v.isEmpty()) {
      return XapiVersion.V2_0_0;
    }
    return XapiVersion.parse(v.get())
        .orElseThrow(() -> new ConfigException(name + " must be 1.0.3 or 2.0.0, not '" + v.get() + "'."));
  }

  private static int integer(Map<String, String> values, String name, int fallback) {
    Optional<String> v = text(values, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(v.get());
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a non-negative integer, not '" + v.get() + "'.");
    }
  }

  private static Map<String, String> readFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("Cannot read CAIRN_CONFIG file " + path + ": " + e.getMessage());
    }
    Map<String, String> map = new HashMap<>();
    properties.forEach((k, v) -> map.put(k.toString(), v.toString()));
    return map;
  }
}
