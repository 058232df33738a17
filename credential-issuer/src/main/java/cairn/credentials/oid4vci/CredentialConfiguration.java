package cairn.credentials.oid4vci;

import java.util.Optional;

/**
 * The credentials a wallet can ask for (OpenID for Verifiable Credential Issuance 1.0 §12.2.4
 * {@code credential_configurations_supported}): Cairn's Open Badges 3.0 credential in the two forms it
 * issues, as a VC-JWT (Appendix A.1.1 {@code jwt_vc_json}) and with an embedded Data Integrity proof
 * (Appendix A.1.2 {@code ldp_vc}, {@code eddsa-rdfc-2022}).
 */
enum CredentialConfiguration {
  JWT_VC_JSON("OpenBadgeCredential_jwt_vc_json", "jwt_vc_json"),
  LDP_VC("OpenBadgeCredential_ldp_vc", "ldp_vc");

  final String id;
  final String format;

  CredentialConfiguration(String id, String format) {
    this.id = id;
    this.format = format;
  }

  static Optional<CredentialConfiguration> of(String id) {
    for (CredentialConfiguration c : values()) {
      if (c.id.equals(id)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
