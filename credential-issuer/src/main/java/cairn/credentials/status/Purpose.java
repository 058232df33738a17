package cairn.credentials.status;

import java.util.Optional;

/** Status purposes Cairn publishes (Bitstring Status List v1.0 §2.1 statusPurpose). */
public enum Purpose {
  /** Permanent: a revoked credential never becomes valid again. */
  REVOCATION("revocation"),
  /** Reversible: reinstating clears the bit. */
  SUSPENSION("suspension");

  private final String wire;

  Purpose(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Purpose> of(String wire) {
    for (Purpose p : values()) {
      if (p.wire.equals(wire)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
