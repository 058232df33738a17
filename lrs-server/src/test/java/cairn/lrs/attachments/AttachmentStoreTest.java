package cairn.lrs.attachments;

import static cairn.lrs.attachments.SuiteBodies.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the shared real PostgreSQL; each test stores content of its own, so hashes never clash. */
class AttachmentStoreTest {
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(TestPostgres.get().connectOptions()).using(vertx).build();
  }

  @AfterAll
  static void close() {
    pool.close().await();
    vertx.close().await();
  }

  private static Part text(String contentType) {
    String text = "attachment " + UUID.randomUUID();
    return new Part(sha256(text), contentType, Buffer.buffer(text));
  }

  @Test
  void savesInTheCallersTransactionAndLoadsInTheOrderAsked() {
    byte[] bytes = new byte[100_000];
    new Random(1).nextBytes(bytes);
    Part binary = new Part(sha256(UUID.randomUUID().toString()), "image/png", Buffer.buffer(bytes));
    Part plain = text("text/plain; charset=utf-8");
    pool.withTransaction(conn -> AttachmentStore.save(conn, List.of(binary, plain))).await();

    List<Part> loaded = AttachmentStore.load(pool,
        List.of(plain.sha2().toUpperCase(), "f".repeat(64), binary.sha2(), plain.sha2())).await();
    assertThat(loaded).containsExactly(plain, binary);
  }

  @Test
  void savingKnownDataAgainIsANoOp() {
    Part first = text("text/plain");
    pool.withTransaction(conn -> AttachmentStore.save(conn, List.of(first))).await();
    Part again = new Part(first.sha2(), "application/octet-stream", first.content());
    pool.withTransaction(conn -> AttachmentStore.save(conn, List.of(again, again))).await();
    assertThat(AttachmentStore.load(pool, List.of(first.sha2())).await()).containsExactly(first);
  }

  @Test
  void aRolledBackTransactionLeavesNothing() {
    Part part = text("text/plain");
    Future<Void> failed = pool.withTransaction(conn -> AttachmentStore.save(conn, List.of(part))
        .compose(v -> Future.<Void>failedFuture("statement conflict")));
    assertThat(failed.toCompletionStage().toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(10));
    assertThat(AttachmentStore.load(pool, List.of(part.sha2())).await()).isEmpty();
  }

  @Test
  void emptyInputsNeedNoQuery() {
    assertThat(AttachmentStore.load(pool, List.of()).await()).isEmpty();
    pool.withConnection(conn -> AttachmentStore.save(conn, List.of())).await();
  }
}
