package cairn.credentials.keys;

/** The SQL of signing keys, {@code credentials.keys}. */
final class KeySql {
  static final String ALL = """
      select id, alg, public_jwk::text as public_jwk, source, created, retired from credentials.keys order by created, id""";
  static final String ACTIVE = "select id, alg from credentials.keys where retired is null";
  static final String PUBLIC_KEY = "select alg, public_jwk::text as public_jwk from credentials.keys where id = $1";
  static final String PRIVATE_KEY = "select alg, private_jwe from credentials.keys where id = $1";
  /** First start: creates the active key of an algorithm unless another node just did. */
  static final String INSERT_IF_NONE_ACTIVE = """
      insert into credentials.keys (id, alg, public_jwk, private_jwe, source) values ($1, $2, $3::text::jsonb, $4, $5)
      on conflict (alg) where retired is null do nothing""";
  static final String RETIRE_ACTIVE = """
      update credentials.keys set retired = now() where alg = $1 and retired is null returning id""";
  static final String INSERT = """
      insert into credentials.keys (id, alg, public_jwk, private_jwe, source) values ($1, $2, $3::text::jsonb, $4, $5)""";

  private KeySql() {}
}
