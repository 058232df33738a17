package cairn.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HostileCorpusTest {
  private static final List<Attack> CORPUS = HostileCorpus.generate(1, 10_000, "127.0.0.1:8080", "admin", "change-me");

  @Test
  void theSameSeedGivesTheSameCorpusByteForByte() throws Exception {
    List<Attack> again = HostileCorpus.generate(1, 10_000, "127.0.0.1:8080", "admin", "change-me");
    assertThat(digest(again)).isEqualTo(digest(CORPUS));
    List<Attack> other = HostileCorpus.generate(2, 10_000, "127.0.0.1:8080", "admin", "change-me");
    assertThat(digest(other)).isNotEqualTo(digest(CORPUS));
  }

  @Test
  void atLeastTenThousandRequestsWithEveryClassPresent() {
    assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(10_000);
    Set<String> kinds = CORPUS.stream().map(Attack::kind).collect(Collectors.toSet());
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(HostileCorpus.KINDS);
    for (String kind : HostileCorpus.KINDS) {
      assertThat(CORPUS.stream().filter(a -> a.kind().equals(kind)).count()).as(kind).isGreaterThanOrEqualTo(50);
    }
  }

  @Test
  void everyStatementHasAnIdOfItsOwn() {
    Set<UUID> seen = new HashSet<>();
    long ids = CORPUS.stream().mapToLong(a -> a.statementIds().size()).sum();
    CORPUS.forEach(a -> seen.addAll(a.statementIds()));
    assertThat(ids).isGreaterThan(1_000);
    // one statement of a batch repeats its id on purpose ("batch with one id twice")
    assertThat(seen.size()).isEqualTo(ids);
    assertThat(CORPUS.stream().filter(Attack::carriesNul).count()).isGreaterThan(100);
  }

  @Test
  void theHeavyShapesAreFewAndTheNamedOnesAreThere() {
    assertThat(CORPUS.stream().filter(a -> a.body().length() > 1_500_000).count()).isBetween(4L, 20L);
    assertThat(CORPUS.stream().filter(a -> a.body().length() > HostileCorpus.BODY_LIMIT).count()).isEqualTo(2);
    Set<String> lines = CORPUS.stream().map(Attack::requestLine).collect(Collectors.toSet());
    assertThat(lines).contains("GET /xapi/statements?x=%zz HTTP/1.1", "GET /xapi/statements?more=%%% HTTP/1.1",
        "GET /xapi/about HTTP/1.7", "GET /xapi/about HTTP/3.0", "GET /xapi/../../etc/passwd HTTP/1.1",
        "PATCH /xapi/statements HTTP/1.1", "PROPFIND /xapi/statements HTTP/1.1");
    Set<String> shapes = CORPUS.stream().map(Attack::shape).collect(Collectors.toSet());
    assertThat(shapes).contains("1,000,000 levels of [[…]] in whole body", "100,000 levels of {\"a\":{…}} in state POST",
        "1e400000 in score.raw", "no Host header, HTTP/1.1", "attachment part without X-Experience-API-Hash",
        "Content-Length: 10 GB with a short body, POST /xapi/statements");
  }

  @Test
  void aNestedBodyIsWhatItSays() {
    Attack deep = CORPUS.stream().filter(a -> a.shape().equals("10,000 levels of [[…]] in whole body")).findFirst().orElseThrow();
    String body = new String(deep.body().bytes(), StandardCharsets.UTF_8);
    assertThat(body).isEqualTo("[".repeat(10_000) + "1" + "]".repeat(10_000));
    String head = new String(deep.head(), StandardCharsets.ISO_8859_1);
    assertThat(head).startsWith("POST /xapi/statements HTTP/1.1\r\n").contains("Content-Length: 20001\r\n")
        .endsWith("\r\n\r\n");
  }

  private static String digest(List<Attack> corpus) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Attack a : corpus) {
      sha.update(a.kind().getBytes(StandardCharsets.UTF_8));
      sha.update(a.shape().getBytes(StandardCharsets.UTF_8));
      sha.update(a.head());
      for (Attack.Body.Segment s : a.body().segments()) {
        sha.update(s.bytes());
        sha.update(Integer.toString(s.times()).getBytes(StandardCharsets.UTF_8));
      }
      a.statementIds().forEach(id -> sha.update(id.toString().getBytes(StandardCharsets.UTF_8)));
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }
}
