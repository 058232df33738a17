package cairn.xapi.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.xapi.IndexKeys;
import cairn.xapi.StatementValidator;
import cairn.xapi.XapiVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StatementGeneratorTest {
  private static final GeneratorOptions SMALL =
      GeneratorOptions.defaults(7).withLearners(300, 15).withPeriod(LocalDate.of(2025, 3, 3), 2);

  private static List<ObjectNode> first(StatementGenerator generator, int n) {
    return generator.statements().limit(n).toList();
  }

  private static String verb(JsonNode s) {
    return s.path("verb").path("id").asText();
  }

  @Test
  void sameSeedGivesTheSameStatementsByteForByte() {
    List<String> a = first(new StatementGenerator(SMALL), 5_000).stream().map(Object::toString).toList();
    List<String> b = first(new StatementGenerator(SMALL), 5_000).stream().map(Object::toString).toList();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void eachWalkStartsAgain() {
    StatementGenerator generator = new StatementGenerator(SMALL);
    assertThat(first(generator, 100).toString()).isEqualTo(first(generator, 100).toString());
  }

  @Test
  void anotherSeedGivesOtherStatements() {
    GeneratorOptions other = new GeneratorOptions(8, 300, 15, SMALL.start(), 2, SMALL.domain(), 0.1, 1);
    assertThat(first(new StatementGenerator(other), 10).get(0).get("id"))
        .isNotEqualTo(first(new StatementGenerator(SMALL), 10).get(0).get("id"));
  }

  @Test
  void tenThousandStatementsAreValidForBothVersions() {
    new StatementGenerator(GeneratorOptions.defaults(3)).statements().limit(10_000).forEach(s -> {
      for (XapiVersion version : XapiVersion.values()) {
        assertThatCode(() -> StatementValidator.validate(s, version)).as("%s for %s", s, version).doesNotThrowAnyException();
      }
    });
  }

  @Test
  void statementsHaveUniqueIdsAndTimestampsInOrderWithinThePeriod() {
    Set<String> ids = new HashSet<>();
    String previous = "";
    int n = 0;
    for (ObjectNode s : new StatementGenerator(SMALL)) {
      assertThat(ids.add(s.get("id").asText())).isTrue();
      assertThat(UUID.fromString(s.get("id").asText()).version()).isEqualTo(4);
      String timestamp = s.get("timestamp").asText();
      assertThat(timestamp).isGreaterThanOrEqualTo(previous);
      previous = timestamp;
      assertThat(s.has("stored") || s.has("authority") || s.has("version")).isFalse();
      n++;
    }
    assertThat(n).isGreaterThan(10_000);
    assertThat(previous).isLessThan("2025-05-03");
  }

  @Nested
  class Cmi5 {
    private final List<ObjectNode> statements = first(new StatementGenerator(SMALL), 30_000);

    @Test
    void everyVerbOfTheProfileOccurs() {
      Set<String> verbs = statements.stream().map(StatementGeneratorTest::verb).collect(Collectors.toSet());
      assertThat(verbs).contains(Vocabulary.LAUNCHED, Vocabulary.INITIALIZED, Vocabulary.COMPLETED,
          Vocabulary.PASSED, Vocabulary.FAILED, Vocabulary.TERMINATED, Vocabulary.ABANDONED,
          Vocabulary.WAIVED, Vocabulary.SATISFIED);
    }

    @Test
    void anAttemptIsOneRegistrationInOrderFromLaunchedToTerminatedOrAbandoned() {
      Map<String, List<ObjectNode>> byRegistration = new HashMap<>();
      statements.stream().filter(s -> s.at("/context/contextActivities/category/0/id").asText().equals(Vocabulary.CMI5_CATEGORY))
          .forEach(s -> byRegistration.computeIfAbsent(s.at("/context/registration").asText(), k -> new ArrayList<>()).add(s));
      assertThat(byRegistration).hasSizeGreaterThan(1000);
      for (List<ObjectNode> attempt : byRegistration.values()) {
        Set<String> actors = attempt.stream().map(s -> s.get("actor").toString()).collect(Collectors.toSet());
        assertThat(actors).hasSize(1);
        String first = verb(attempt.get(0));
        assertThat(first).isIn(Vocabulary.LAUNCHED, Vocabulary.WAIVED);
        for (int i = 1; i < attempt.size(); i++) {
          assertThat(attempt.get(i).get("timestamp").asText()).isGreaterThanOrEqualTo(attempt.get(i - 1).get("timestamp").asText());
          if (verb(attempt.get(i)).equals(Vocabulary.INITIALIZED)) {
            assertThat(verb(attempt.get(i - 1))).isEqualTo(Vocabulary.LAUNCHED);
          }
        }
      }
    }

    @Test
    void passedAndFailedCarryScoreSuccessDurationAndMasteryScore() {
      List<ObjectNode> judged = statements.stream()
          .filter(s -> verb(s).equals(Vocabulary.PASSED) || verb(s).equals(Vocabulary.FAILED)).toList();
      assertThat(judged).isNotEmpty();
      for (ObjectNode s : judged) {
        double scaled = s.at("/result/score/scaled").asDouble();
        double mastery = s.at("/context/extensions").get(Vocabulary.MASTERY_SCORE).asDouble();
        boolean success = s.at("/result/success").asBoolean();
        assertThat(success).isEqualTo(verb(s).equals(Vocabulary.PASSED));
        assertThat(scaled >= mastery).isEqualTo(success);
        assertThat(s.at("/result/duration").asText()).startsWith("PT");
        assertThat(s.at("/context/contextActivities/grouping/0/definition/type").asText()).isEqualTo(Vocabulary.COURSE_TYPE);
      }
      long passed = judged.stream().filter(s -> verb(s).equals(Vocabulary.PASSED)).count();
      assertThat(passed).isBetween(judged.size() / 2L, judged.size() * 95L / 100);
    }

    @Test
    void satisfiedNamesTheCourseOrABlock() {
      statements.stream().filter(s -> verb(s).equals(Vocabulary.SATISFIED)).forEach(s ->
          assertThat(s.at("/object/definition/type").asText()).isIn(Vocabulary.COURSE_TYPE, Vocabulary.BLOCK_TYPE));
    }
  }

  @Nested
  class Mentoring {
    private final List<ObjectNode> statements = new StatementGenerator(SMALL).statements()
        .filter(s -> verb(s).equals(Vocabulary.MENTORED) || verb(s).equals(Vocabulary.ATTENDED)).toList();

    @Test
    void theMentorMentoredTheMenteeAndTheMenteeAttendedWithTheMentorAsInstructor() {
      assertThat(statements).hasSizeGreaterThan(50);
      Map<String, ObjectNode> attended = new HashMap<>();
      statements.stream().filter(s -> verb(s).equals(Vocabulary.ATTENDED))
          .forEach(s -> attended.put(s.at("/context/registration").asText(), s));
      for (ObjectNode mentored : statements.stream().filter(s -> verb(s).equals(Vocabulary.MENTORED)).toList()) {
        assertThat(mentored.at("/object/objectType").asText()).isEqualTo("Agent");
        ObjectNode session = attended.get(mentored.at("/context/registration").asText());
        assertThat(session).isNotNull();
        assertThat(session.get("actor")).isEqualTo(mentored.get("object"));
        assertThat(session.at("/context/instructor")).isEqualTo(mentored.get("actor"));
        for (ObjectNode s : List.of(mentored, session)) {
          assertThat(s.at("/context/extensions").get(Vocabulary.COMPETENCY).asText()).startsWith("https://frameworks.");
          assertThat(s.at("/result/extensions").get(Vocabulary.OUTCOME).get("rating").asInt()).isBetween(1, 5);
          assertThat(s.at("/result/duration").asText()).startsWith("PT");
        }
      }
    }

    @Test
    void theMentorIsSeniorAndInTheMenteesFunction() {
      StatementGenerator generator = new StatementGenerator(SMALL);
      Map<String, Person> byMbox = generator.people().stream().collect(Collectors.toMap(Person::mbox, p -> p));
      Map<String, Person> byAccount = new HashMap<>();
      generator.people().forEach(p -> p.account().ifPresent(a -> byAccount.put(a.name(), p)));
      for (ObjectNode s : statements.stream().filter(s -> verb(s).equals(Vocabulary.MENTORED)).toList()) {
        Person mentor = find(s.get("actor"), byMbox, byAccount);
        Person mentee = find(s.get("object"), byMbox, byAccount);
        assertThat(mentor.level()).isGreaterThanOrEqualTo(4).isGreaterThan(mentee.level());
        assertThat(mentor.function()).isEqualTo(mentee.function());
      }
    }

    private Person find(JsonNode agent, Map<String, Person> byMbox, Map<String, Person> byAccount) {
      return agent.has("mbox") ? byMbox.get(agent.get("mbox").asText()) : byAccount.get(agent.at("/account/name").asText());
    }
  }

  @Nested
  class People {
    private final StatementGenerator generator = new StatementGenerator(SMALL);

    @Test
    void theDirectoryHasEveryLearnerInATeamWithAUniqueMbox() {
      List<Person> people = generator.people();
      assertThat(people).hasSize(300);
      assertThat(people.stream().map(Person::mbox).distinct()).hasSize(300);
      assertThat(people.stream().map(Person::team).distinct()).hasSize(15);
      assertThat(people.stream().filter(Person::manager)).hasSize(15);
      assertThat(people).allSatisfy(p -> {
        assertThat(p.mbox()).startsWith("mailto:").endsWith("@northwind.example");
        assertThat(p.level()).isBetween(1, 6);
        assertThat(p.role()).isNotBlank();
        assertThat(p.function()).isNotBlank();
      });
    }

    @Test
    void someLearnersAreIdentifiedByAccount() {
      long accounts = generator.people().stream().filter(p -> p.account().isPresent()).count();
      assertThat(accounts).isBetween(10L, 60L);
      Person withAccount = generator.people().stream().filter(p -> p.account().isPresent()).findFirst().orElseThrow();
      assertThat(withAccount.agent().has("mbox")).isFalse();
      assertThat(withAccount.agent().at("/account/homePage").asText()).isEqualTo("https://sso.northwind.example");
    }

    @Test
    void statementsIndexUnderTheirLearnersIfi() {
      ObjectNode s = generator.statements().filter(x -> verb(x).equals(Vocabulary.LAUNCHED)).findFirst().orElseThrow();
      IndexKeys keys = IndexKeys.of(s);
      assertThat(keys.registration()).isPresent();
      assertThat(keys.agents()).containsValue(true);
      assertThat(keys.directActivities()).containsExactly(s.at("/object/id").asText());
    }
  }

  @Test
  void optionsAreChecked() {
    assertThatThrownBy(() -> GeneratorOptions.defaults(1).withLearners(10, 11)).hasMessageContaining("teams");
    assertThatThrownBy(() -> GeneratorOptions.defaults(1).withDomain("Not A Domain")).hasMessageContaining("domain");
    assertThatThrownBy(() -> GeneratorOptions.defaults(1).withPeriod(LocalDate.of(2025, 1, 1), 0)).hasMessageContaining("months");
  }

  @Test
  void streamsAMillionStatementsInBoundedMemory() {
    // the walk holds one day's plan and the sessions in progress, never the statements behind it
    Iterator<ObjectNode> it = new StatementGenerator(GeneratorOptions.defaults(5).withPeriod(LocalDate.of(2024, 1, 1), 24)).iterator();
    long n = 0;
    while (it.hasNext() && n < 1_000_000) {
      it.next();
      n++;
    }
    assertThat(n).isEqualTo(1_000_000);
  }
}
