package cairn.credentials;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the credential issuer, read once by the application and passed in.
 *
 * @param publicUrl the base URL the world reaches Cairn at: kid URLs, issuer ids, status list and
 *     evidence links are built on it, so it must be the URL verifiers will fetch
 * @param keySecret the secret private signing keys are encrypted with at rest (PBES2, at least 16
 *     characters). Never logged: {@link #toString()} masks it
 * @param issuerName name of the default issuer profile (OB 3.0 Profile.name)
 * @param issuerUrl its homepage (Profile.url)
 * @param issuerEmail its contact address (Profile.email), may be null
 * @param issuerImage its logo URL (Profile.image, served as an Image object), may be null
 * @param clockSkew tolerance when verifying validFrom / validUntil
 * @param statusListSize entries per Bitstring Status List, at least 131072 (Bitstring Status List
 *     v1.0 §6.1 "Bitstring Generation Algorithm" minimum); fixed once credentials exist
 * @param pollInterval how often the outbox worker looks for new issuance requests
 * @param batchSize issuance requests claimed and signed per transaction
 * @param credentialValidity how long credentials are valid (validUntil / exp); null: no expiry
 * @param rsaKeyBits size of generated RSA keys, 2048 or more
 * @param allowPrivateAddresses whether the verify API may fetch kid and status list URLs whose host
 *     resolves to a loopback, link-local, private (RFC 1918, fc00::/7), any-local or multicast
 *     address; off by default, so that {@code POST /verify} cannot be used to reach the issuer's own
 *     network. URLs under {@code publicUrl} are always allowed
 * @param didMethod how Data Integrity credentials name their issuer: {@code web} (default), a did:web on
 *     {@code publicUrl}'s host and path, its DID document served by Cairn; or {@code key}, the did:key of
 *     the active Ed25519 key, for installations without a stable public domain (a rotation then changes
 *     the issuer's DID)
 */
public record IssuerOptions(
    String publicUrl,
    char[] keySecret,
    String issuerName,
    String issuerUrl,
    String issuerEmail,
    String issuerImage,
    Duration clockSkew,
    int statusListSize,
    Duration pollInterval,
    int batchSize,
    Duration credentialValidity,
    int rsaKeyBits,
    boolean allowPrivateAddresses,
    String didMethod) {

  public static final int MIN_STATUS_LIST_SIZE = 131_072;
  /** The id of the issuer profile that the options describe and the outbox worker issues as. */
  public static final String DEFAULT_ISSUER = "default";

  public IssuerOptions {
    if (publicUrl == null || !(publicUrl.startsWith("http://") || publicUrl.startsWith("https://"))) {
      throw new IllegalArgumentException("publicUrl must be an http(s) URL");
    }
    publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    if (keySecret == null || keySecret.length < 16) {
      throw new IllegalArgumentException("the key-encryption secret must have at least 16 characters");
    }
    if (issuerName == null || issuerName.isBlank()) {
      throw new IllegalArgumentException("issuerName is required");
    }
    if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("clockSkew must be between 0 and 10 minutes");
    }
    if (statusListSize < MIN_STATUS_LIST_SIZE || statusListSize % 8 != 0) {
      throw new IllegalArgumentException("statusListSize must be a multiple of 8, at least " + MIN_STATUS_LIST_SIZE);
    }
    if (pollInterval == null || pollInterval.toMillis() < 10) {
      throw new IllegalArgumentException("pollInterval must be at least 10 ms");
    }
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("batchSize must be 1..1000");
    }
    if (credentialValidity != null && (credentialValidity.isNegative() || credentialValidity.isZero())) {
      throw new IllegalArgumentException("credentialValidity must be positive (or null for no expiry)");
    }
    if (rsaKeyBits < 2048) {
      throw new IllegalArgumentException("rsaKeyBits must be at least 2048");
    }
    if (didMethod == null) {
      didMethod = "web";
    }
    if (!didMethod.equals("web") && !didMethod.equals("key")) {
      throw new IllegalArgumentException("didMethod must be web or key");
    }
    keySecret = keySecret.clone();
  }

  /** The settings without a DID method: did:web. */
  public IssuerOptions(String publicUrl, char[] keySecret, String issuerName, String issuerUrl, String issuerEmail,
      String issuerImage, Duration clockSkew, int statusListSize, Duration pollInterval, int batchSize,
      Duration credentialValidity, int rsaKeyBits, boolean allowPrivateAddresses) {
    this(publicUrl, keySecret, issuerName, issuerUrl, issuerEmail, issuerImage, clockSkew, statusListSize, pollInterval,
        batchSize, credentialValidity, rsaKeyBits, allowPrivateAddresses, "web");
  }

  /**
   * Sensible defaults: 1 minute clock skew, 131072-entry lists, 1 s polling, batches of 50, no expiry,
   * no fetching from private addresses.
   */
  public static IssuerOptions defaults(String publicUrl, char[] keySecret) {
    return new IssuerOptions(publicUrl, keySecret, "Cairn", publicUrl, null, null, Duration.ofMinutes(1),
        MIN_STATUS_LIST_SIZE, Duration.ofSeconds(1), 50, null, 2048, false);
  }

  public Optional<Duration> validity() {
    return Optional.ofNullable(credentialValidity);
  }

  /** A copy of the secret: callers may wipe theirs. */
  @Override
  public char[] keySecret() {
    return keySecret.clone();
  }

  public IssuerOptions withPublicUrl(String url) {
    return new IssuerOptions(url, keySecret, issuerName, issuerUrl, issuerEmail, issuerImage, clockSkew,
        statusListSize, pollInterval, batchSize, credentialValidity, rsaKeyBits, allowPrivateAddresses, didMethod);
  }

  public IssuerOptions withPollInterval(Duration interval) {
    return new IssuerOptions(publicUrl, keySecret, issuerName, issuerUrl, issuerEmail, issuerImage, clockSkew,
        statusListSize, interval, batchSize, credentialValidity, rsaKeyBits, allowPrivateAddresses, didMethod);
  }

  public IssuerOptions withValidity(Duration validity) {
    return new IssuerOptions(publicUrl, keySecret, issuerName, issuerUrl, issuerEmail, issuerImage, clockSkew,
        statusListSize, pollInterval, batchSize, validity, rsaKeyBits, allowPrivateAddresses, didMethod);
  }

  public IssuerOptions withPrivateAddressesAllowed(boolean allowed) {
    return new IssuerOptions(publicUrl, keySecret, issuerName, issuerUrl, issuerEmail, issuerImage, clockSkew,
        statusListSize, pollInterval, batchSize, credentialValidity, rsaKeyBits, allowed, didMethod);
  }

  public IssuerOptions withDidMethod(String method) {
    return new IssuerOptions(publicUrl, keySecret, issuerName, issuerUrl, issuerEmail, issuerImage, clockSkew,
        statusListSize, pollInterval, batchSize, credentialValidity, rsaKeyBits, allowPrivateAddresses, method);
  }

  @Override
  public String toString() {
    return "IssuerOptions[publicUrl=" + publicUrl + ", keySecret=***, issuerName=" + issuerName
        + ", issuerUrl=" + issuerUrl + ", issuerEmail=" + issuerEmail + ", issuerImage=" + issuerImage
        + ", clockSkew=" + clockSkew + ", statusListSize=" + statusListSize + ", pollInterval=" + pollInterval
        + ", batchSize=" + batchSize + ", credentialValidity=" + credentialValidity + ", rsaKeyBits=" + rsaKeyBits
        + ", allowPrivateAddresses=" + allowPrivateAddresses + ", didMethod=" + didMethod + "]";
  }
}
