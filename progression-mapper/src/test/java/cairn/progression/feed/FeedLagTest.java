package cairn.progression.feed;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.progression.ProgressionServer;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How far a consumer is behind the statement feed: what waits, and nothing once it has drained. */
class FeedLagTest {
  private static ProgressionServer server;

  @BeforeAll
  static void start() {
    server = new ProgressionServer("lag-test-" + System.nanoTime());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void post(int n) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (int i = 0; i < n; i++) {
      ObjectNode s = array.addObject();
      s.put("id", UUID.randomUUID().toString());
      s.putObject("actor").put("mbox", "mailto:lag@example.com");
      s.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/experienced");
      s.putObject("object").put("id", "https://example.com/lag/" + i);
    }
    server.postArray(server.xapiCredential(), array);
  }

  @Test
  void aConsumerLagsByTheStatementsItHasNotConsumedUntilItDrains() {
    String name = "lag-" + System.nanoTime();
    FeedConsumer consumer = server.consumer(name, 100);
    FeedLag lag = new FeedLag(server.lrs.pool, name);
    consumer.drain().await();
    assertThat(lag.measure().await()).isEqualTo(new FeedLag.Lag(0, 0));

    post(3);
    FeedLag.Lag behind = lag.measure().await();
    assertThat(behind.statements()).isEqualTo(3);
    assertThat(behind.oldestSeconds()).isGreaterThanOrEqualTo(0);

    consumer.drain().await();
    assertThat(lag.measure().await()).isEqualTo(new FeedLag.Lag(0, 0));
  }

  @Test
  void theCountStopsAtItsLimitWhileTheOldestStillDatesTheLag() {
    String name = "capped-" + System.nanoTime();
    FeedConsumer consumer = server.consumer(name, 100);
    consumer.drain().await();
    post(5);
    FeedLag.Lag capped = new FeedLag(server.lrs.pool, name, 3).measure().await();
    assertThat(capped.statements()).isEqualTo(3);
    assertThat(capped.oldestSeconds()).isGreaterThanOrEqualTo(0);
    assertThat(new FeedLag(server.lrs.pool, name, 10).measure().await().statements()).isEqualTo(5);
  }

  @Test
  void aConsumerWithoutACursorStandsAtTheStartOfTheFeed() {
    post(1);
    FeedLag.Lag lag = new FeedLag(server.lrs.pool, "never-started-" + System.nanoTime()).measure().await();
    assertThat(lag.statements()).isPositive();
    assertThat(lag.oldestSeconds()).isPositive();
  }
}
