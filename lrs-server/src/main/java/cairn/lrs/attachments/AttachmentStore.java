package cairn.lrs.attachments;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The attachment data's SQL (table {@code lrs.attachments}, see {@code db/lrs/V2__attachments.sql}).
 * Data is addressed by its hash, so saving what is already there is a no-op: the same bytes hash
 * the same (xAPI 1.0.3 Part Three §1.5.2 matches attachment data by SHA-2 only).
 */
public final class AttachmentStore {
  private static final String INSERT = """
      insert into lrs.attachments (sha2, content_type, content)
      select * from unnest($1::text[], $2::text[], $3::bytea[])
      on conflict (sha2) do nothing""";

  private static final String SELECT = """
      select sha2, content_type, content from lrs.attachments where sha2 = any($1::text[])""";

  private AttachmentStore() {}

  /**
   * Stores parts whose hash is not stored yet. Takes the connection of the statements' transaction,
   * so that statements and their data commit together.
   */
  public static Future<Void> save(SqlConnection conn, List<Part> parts) {
    if (parts.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = parts.size();
    String[] hashes = new String[n];
    String[] types = new String[n];
    Buffer[] contents = new Buffer[n];
    for (int i = 0; i < n; i++) {
      Part p = parts.get(i);
      hashes[i] = p.sha2();
      types[i] = p.contentType() != null ? p.contentType() : "application/octet-stream";
      contents[i] = p.content();
    }
    return conn.preparedQuery(INSERT).execute(args(hashes, types, contents)).mapEmpty();
  }

  /**
   * The stored data for these hashes, in the order asked, each once. Hashes with no data (an
   * attachment given only by fileUrl) are left out.
   */
  public static Future<List<Part>> load(SqlClient client, Collection<String> sha2s) {
    Set<String> wanted = new LinkedHashSet<>();
    sha2s.forEach(h -> wanted.add(h.toLowerCase(Locale.ROOT)));
    if (wanted.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(SELECT).execute(args((Object) wanted.toArray(String[]::new))).map(rows -> {
      Map<String, Part> found = new HashMap<>();
      for (Row row : rows) {
        found.put(row.getString("sha2"),
            new Part(row.getString("sha2"), row.getString("content_type"), row.getBuffer("content")));
      }
      List<Part> parts = new ArrayList<>(found.size());
      for (String h : wanted) {
        if (found.containsKey(h)) {
          parts.add(found.get(h));
        }
      }
      return parts;
    });
  }

  /** A tuple of exactly these values: {@code Tuple.of} would spread a trailing array argument. */
  private static Tuple args(Object... values) {
    Tuple tuple = Tuple.tuple();
    for (Object value : values) {
      tuple.addValue(value);
    }
    return tuple;
  }
}
