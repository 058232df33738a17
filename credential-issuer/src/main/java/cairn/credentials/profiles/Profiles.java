package cairn.credentials.profiles;

import cairn.credentials.IssuerOptions;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issuer profiles. The default one ({@link IssuerOptions#DEFAULT_ISSUER}) is written from the options
 * on first use, so configuration wins over an older row. Profiles are cached a few seconds: issuing a
 * batch reads one without a query.
 */
public final class Profiles {
  private static final long CACHE_MILLIS = 5_000;
  private final Pool pool;
  private final IssuerOptions options;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile Future<Void> defaulted;

  private record Cached(Optional<Profile> profile, long at) {}

  public Profiles(Pool pool, IssuerOptions options) {
    this.pool = pool;
    this.options = options;
  }

  public String idUrl(String slug) {
    return options.publicUrl() + "/issuers/" + slug;
  }

  public Future<Void> ensureDefault() {
    Future<Void> f = defaulted;
    if (f == null || f.failed()) {
      f = save(new Profile(IssuerOptions.DEFAULT_ISSUER, idUrl(IssuerOptions.DEFAULT_ISSUER), options.issuerName(),
          options.issuerUrl(), options.issuerEmail(), options.issuerImage(), null)).mapEmpty();
      defaulted = f;
    }
    return f;
  }

  public Future<Profile> save(Profile profile) {
    return pool.preparedQuery(ProfileSql.UPSERT)
        .execute(Tuple.of(profile.slug(), profile.name(), profile.url(), profile.email(), profile.image(),
            profile.description(), profile.forms() == null ? null : profile.forms().toArray(String[]::new)))
        .map(r -> {
          Profile saved = new Profile(profile.slug(), profile.id(), profile.name(), profile.url(), profile.email(),
              profile.image(), profile.description(), List.of(r.iterator().next().getArrayOfStrings("forms")));
          cache.put(profile.slug(), new Cached(Optional.of(saved), System.currentTimeMillis()));
          return saved;
        });
  }

  public Future<Optional<Profile>> get(String slug) {
    Cached cached = cache.get(slug);
    if (cached != null && System.currentTimeMillis() - cached.at < CACHE_MILLIS) {
      return Future.succeededFuture(cached.profile);
    }
    Future<Void> ready = IssuerOptions.DEFAULT_ISSUER.equals(slug) ? ensureDefault() : Future.succeededFuture();
    return ready.compose(v -> pool.preparedQuery(ProfileSql.BY_ID).execute(Tuple.of(slug))).map(rows -> {
      Optional<Profile> found = rows.size() == 0 ? Optional.empty() : Optional.of(profile(rows.iterator().next()));
      cache.put(slug, new Cached(found, System.currentTimeMillis()));
      return found;
    });
  }

  public Future<List<Profile>> all() {
    return ensureDefault().compose(v -> pool.query(ProfileSql.ALL).execute()).map(rows -> {
      List<Profile> list = new ArrayList<>();
      rows.forEach(row -> list.add(profile(row)));
      return list;
    });
  }

  private Profile profile(Row row) {
    String slug = row.getString("id");
    return new Profile(slug, idUrl(slug), row.getString("name"), row.getString("url"), row.getString("email"),
        row.getString("image"), row.getString("description"), List.of(row.getArrayOfStrings("forms")));
  }
}
