package cairn.credentials.oid4vci;

/** The SQL of credential offers, their codes, access tokens, nonces and deliveries (credentials V7). */
final class Oid4vciSql {
  static final String CREDENTIAL = """
      select id, person_id, issuer_id, kid, jwt, data_integrity::text as data_integrity, revoked, suspended
      from credentials.credentials where id = $1""";

  static final String INSERT_OFFER = """
      insert into credentials.oid4vci_offers (id, credential_id, offer_sha256, code_sha256, tx_code_sha256,
        configurations, expires)
      values ($1, $2, $3, $4, $5, $6, now() + $7::int * interval '1 second')
      returning expires""";

  /** An offer still waiting for its wallet: not redeemed, not expired. */
  static final String OPEN_OFFER = """
      select configurations, tx_code_sha256 is not null as tx_code from credentials.oid4vci_offers
      where offer_sha256 = $1 and redeemed is null and expires > now()""";

  static final String OFFER_BY_CODE = """
      select id, tx_code_sha256, tx_failures, redeemed, expires <= now() as expired from credentials.oid4vci_offers
      where code_sha256 = $1 for update""";

  static final String REDEEM = "update credentials.oid4vci_offers set redeemed = now() where id = $1";

  static final String TX_FAILED = """
      update credentials.oid4vci_offers set tx_failures = tx_failures + 1,
        redeemed = case when tx_failures + 1 >= $2 then now() else redeemed end
      where id = $1 returning redeemed is not null as spent""";

  /** RFC 6749 §4.1.2: a code used twice withdraws the tokens it gave. */
  static final String WITHDRAW_TOKENS = """
      update credentials.oid4vci_tokens set expires = least(expires, now()) where offer_id = $1 and used is null""";

  static final String INSERT_TOKEN = """
      insert into credentials.oid4vci_tokens (token_sha256, offer_id, expires)
      values ($1, $2, now() + $3::int * interval '1 second')""";

  static final String TOKEN = """
      select t.offer_id, o.credential_id, o.configurations from credentials.oid4vci_tokens t
      join credentials.oid4vci_offers o on o.id = t.offer_id
      where t.token_sha256 = $1 and t.used is null and t.expires > now()""";

  static final String USE_TOKEN = """
      update credentials.oid4vci_tokens set used = now()
      where token_sha256 = $1 and used is null and expires > now() returning offer_id""";

  /** A nonce, and the expired ones gone: the endpoint is open to anyone, so the table must not grow. */
  static final String INSERT_NONCE = """
      with gone as (delete from credentials.oid4vci_nonces where expires < now())
      insert into credentials.oid4vci_nonces (nonce_sha256, expires) values ($1, now() + $2::int * interval '1 second')""";

  static final String USE_NONCE = """
      delete from credentials.oid4vci_nonces where nonce_sha256 = $1 and expires > now() returning 1""";

  static final String INSERT_DELIVERY = """
      insert into credentials.deliveries (id, credential_id, offer_id, holder, format, kid, credential)
      values ($1, $2, $3, $4, $5, $6, $7)""";

  private Oid4vciSql() {}
}
