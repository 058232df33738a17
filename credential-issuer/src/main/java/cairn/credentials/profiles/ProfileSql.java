package cairn.credentials.profiles;

/** The SQL of issuer profiles, {@code credentials.issuers}. */
final class ProfileSql {
  static final String UPSERT = """
      insert into credentials.issuers (id, name, url, email, image, description, forms)
      values ($1, $2, $3, $4, $5, $6, coalesce($7::text[], '{vc-jwt,data-integrity}'))
      on conflict (id) do update set name = excluded.name, url = excluded.url, email = excluded.email,
        image = excluded.image, description = excluded.description, forms = coalesce($7::text[], issuers.forms),
        updated = now()
      returning forms""";
  static final String BY_ID = "select id, name, url, email, image, description, forms from credentials.issuers where id = $1";
  static final String ALL = "select id, name, url, email, image, description, forms from credentials.issuers order by id";

  private ProfileSql() {}
}
