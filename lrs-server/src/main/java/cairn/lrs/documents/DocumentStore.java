package cairn.lrs.documents;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The document resources' SQL, all in one place (table {@code lrs.documents}, see
 * {@code db/lrs/V3__documents.sql}).
 *
 * <p>A write reads the current document and decides (preconditions, merge) before writing, so two
 * writers of one document must not interleave: each takes a transaction-scoped advisory lock on the
 * document's key first. Unlike {@code select ... for update} it also covers a document that does
 * not exist yet, so two concurrent creations cannot both pass {@code If-None-Match: *}.
 */
final class DocumentStore {
  private static final String KEY = """
      resource = $1 and activity_id = $2 and agent = $3 and registration = $4 and doc_id = $5""";
  private static final String GET =
      "select content_type, content, etag, updated from lrs.documents where " + KEY;
  private static final String LOCK = "select pg_advisory_xact_lock(hashtextextended($1, 0))";
  private static final String UPSERT = """
      insert into lrs.documents (resource, activity_id, agent, registration, doc_id, content_type, content, etag, updated)
      values ($1, $2, $3, $4, $5, $6, $7, $8, now())
      on conflict (resource, activity_id, agent, registration, doc_id) do update
        set content_type = excluded.content_type, content = excluded.content, etag = excluded.etag,
            updated = excluded.updated
      returning updated""";
  private static final String DELETE = "delete from lrs.documents where " + KEY;
  /** A State list without registration spans all registrations, so one id may appear in several. */
  private static final String IDS = """
      select doc_id, max(updated) as updated from lrs.documents
      where resource = $1 and activity_id = $2 and agent = $3
        and ($4::text is null or registration = $4) and ($5::timestamptz is null or updated > $5)
      group by doc_id order by doc_id""";
  private static final String DELETE_ALL = """
      delete from lrs.documents
      where resource = $1 and activity_id = $2 and agent = $3 and ($4::text is null or registration = $4)""";

  private final Pool pool;

  DocumentStore(Pool pool) {
    this.pool = pool;
  }

  /** The ids of a list request and when the newest of them changed (null when empty). */
  record Ids(List<String> ids, OffsetDateTime newest) {}

  Future<Document> get(DocumentKey key) {
    return pool.preparedQuery(GET).execute(key(key)).map(DocumentStore::document);
  }

  /**
   * Stores what {@code decide} makes of the current document (null: none); {@code decide} fails
   * the whole write by throwing. Returns the stored document's metadata.
   */
  Future<Document> write(DocumentKey key, Function<Document, Content> decide) {
    return pool.withTransaction(conn -> locked(conn, key)
        .map(decide)
        .compose(content -> conn.preparedQuery(UPSERT)
            .execute(key(key).addString(content.contentType()).addBuffer(content.bytes()).addString(content.etag()))
            .map(rows -> new Document(content.contentType(), content.bytes(), content.etag(),
                rows.iterator().next().getOffsetDateTime("updated")))));
  }

  /** Deletes the document if {@code check} (given the current one, or null) does not throw. */
  Future<Void> delete(DocumentKey key, Consumer<Document> check) {
    return pool.withTransaction(conn -> locked(conn, key)
        .map(existing -> {
          check.accept(existing);
          return existing;
        })
        .compose(existing -> existing == null
            ? Future.<Void>succeededFuture()
            : conn.preparedQuery(DELETE).execute(key(key)).<Void>mapEmpty()));
  }

  Future<Ids> ids(DocumentParameters p) {
    return pool.preparedQuery(IDS)
        .execute(Tuple.of(p.resource().dbName, nonNull(p.activityId()), nonNull(p.agent()), p.registration(), p.since()))
        .map(rows -> {
          List<String> ids = new ArrayList<>(rows.size());
          OffsetDateTime newest = null;
          for (Row row : rows) {
            ids.add(row.getString("doc_id"));
            OffsetDateTime updated = row.getOffsetDateTime("updated");
            newest = newest == null || updated.isAfter(newest) ? updated : newest;
          }
          return new Ids(ids, newest);
        });
  }

  /** Deletes every document of a State context (activity, agent, and registration when given). */
  Future<Void> deleteAll(DocumentParameters p) {
    return pool.preparedQuery(DELETE_ALL)
        .execute(Tuple.of(p.resource().dbName, nonNull(p.activityId()), nonNull(p.agent()), p.registration()))
        .mapEmpty();
  }

  private static Future<Document> locked(SqlConnection conn, DocumentKey key) {
    return conn.preparedQuery(LOCK).execute(Tuple.of(key.lockName()))
        .compose(v -> conn.preparedQuery(GET).execute(key(key)))
        .map(DocumentStore::document);
  }

  private static Document document(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new Document(row.getString("content_type"), row.getBuffer("content"), row.getString("etag"),
        row.getOffsetDateTime("updated"));
  }

  private static Tuple key(DocumentKey key) {
    return Tuple.of(key.resource().dbName, key.activityId(), key.agent(), key.registration(), key.docId());
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
