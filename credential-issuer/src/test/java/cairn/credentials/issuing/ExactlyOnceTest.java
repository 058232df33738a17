package cairn.credentials.issuing;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One credential per (person, achievement, ladder version) from the outbox, across concurrent
 * workers, a worker that dies holding rows, and restarts; and one status list slot per credential,
 * in random order.
 */
class ExactlyOnceTest {
  static IssuerServer server;

  @BeforeAll
  static void start() {
    server = new IssuerServer(Duration.ofMillis(20));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private long count(String prefix) {
    return server.lrs.pool.preparedQuery("select count(*) as n from credentials.credentials where person_id like $1")
        .execute(Tuple.of(prefix + "%")).await().iterator().next().getLong("n");
  }

  @Test
  void concurrentWorkersIssueEachRequestOnce() {
    String prefix = IssuerServer.unique("once");
    // a worker that "crashed" mid-flight: it holds the first row locked, then rolls back
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ids.add(server.outbox(prefix + "-" + (i % 20), prefix + i + "@x.example",
          "https://cairn.example/achievements/a" + (i / 20), 1, List.of(UUID.randomUUID())));
    }
    SqlConnection held = server.lrs.pool.getConnection().await();
    Transaction tx = held.begin().await();
    held.preparedQuery("select id from progression.issuance_requests where id = $1 for update")
        .execute(Tuple.of(ids.get(0))).await();

    List<String> workers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      workers.add(server.deployWorker());
    }
    IssuerServer.await(() -> count(prefix) == 59, Duration.ofSeconds(30));

    tx.rollback().await();
    held.close().await();
    IssuerServer.await(() -> count(prefix) == 60, Duration.ofSeconds(10));

    // restart: all workers go, a new one comes; the same milestone is reported again under a new ladder version
    workers.forEach(w -> server.lrs.vertx.undeploy(w).await());
    String restarted = server.deployWorker();
    server.outbox(prefix + "-0", prefix + "@x.example", "https://cairn.example/achievements/a0", 2, List.of(UUID.randomUUID()));
    IssuerServer.await(() -> count(prefix) == 61, Duration.ofSeconds(10));
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(count(prefix)).isEqualTo(61);
    long distinct = server.lrs.pool.preparedQuery("""
            select count(distinct (person_id, achievement_id, ladder_version)) as n,
                   count(distinct request_id) as r from credentials.credentials where person_id like $1""")
        .execute(Tuple.of(prefix + "%")).await().iterator().next().getLong("r");
    assertThat(distinct).isEqualTo(61);
    long audits = server.lrs.pool.preparedQuery("""
            select count(*) as n from credentials.audit a join credentials.credentials c on c.id = a.credential_id
            where c.person_id like $1 and a.action = 'issue' and a.actor = 'outbox-worker'""")
        .execute(Tuple.of(prefix + "%")).await().iterator().next().getLong("n");
    assertThat(audits).isEqualTo(61);

    // status list indexes: never shared, and not handed out in order even by one worker's batch
    List<Integer> indexes = new ArrayList<>();
    server.lrs.pool.preparedQuery("""
            select status_list, status_index from credentials.credentials where person_id like $1 order by request_id""")
        .execute(Tuple.of(prefix + "%")).await()
        .forEach(row -> indexes.add(row.getInteger("status_index")));
    long slots = server.lrs.pool.preparedQuery("""
            select count(distinct (status_list, status_index)) as n from credentials.credentials where person_id like $1""")
        .execute(Tuple.of(prefix + "%")).await().iterator().next().getLong("n");
    assertThat(slots).isEqualTo(61);
    int neighbours = 0;
    for (int i = 1; i < indexes.size(); i++) {
      neighbours += Math.abs(indexes.get(i) - indexes.get(i - 1)) <= 1 ? 1 : 0;
    }
    assertThat(neighbours).as("indexes in issuance order: %s", indexes).isLessThan(5);
    assertThat(indexes.stream().mapToInt(Integer::intValue).max().orElseThrow()
        - indexes.stream().mapToInt(Integer::intValue).min().orElseThrow()).isGreaterThan(10_000);
    server.lrs.vertx.undeploy(restarted).await();
  }

  @Test
  void aRowThatCannotBeIssuedIsSetAsideWithItsReason() {
    String person = IssuerServer.unique("broken");
    long id = server.lrs.pool.preparedQuery("""
            insert into progression.issuance_requests (person_id, recipient, achievement_id, ladder_id, ladder_version,
              achievement, evidence, reached_at)
            values ($1, '{"mbox": "mailto:x@y.example"}', 'https://cairn.example/achievements/b', 'l', 1,
              '{"name": "No description"}', '[]', now()) returning id""")
        .execute(Tuple.of(person)).await().iterator().next().getLong("id");
    String worker = server.deployWorker();
    IssuerServer.await(() -> server.lrs.pool.preparedQuery("select error from credentials.failed_requests where request_id = $1")
        .execute(Tuple.of(id)).await().size() == 1, Duration.ofSeconds(10));
    assertThat(count(person)).isZero();
    server.lrs.vertx.undeploy(worker).await();
  }
}
