package cairn.xapi.generator;

import static cairn.xapi.generator.StatementParts.activity;
import static cairn.xapi.generator.StatementParts.activityRef;
import static cairn.xapi.generator.StatementParts.duration;
import static cairn.xapi.generator.StatementParts.list;
import static cairn.xapi.generator.StatementParts.statement;
import static cairn.xapi.generator.StatementParts.timestamp;
import static cairn.xapi.generator.StatementParts.uuid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A mentoring session as a mentoring app reports it: the mentee "attended" the session activity
 * with the mentor as {@code context.instructor}, and the mentor "mentored" the mentee (an Agent
 * object). Both carry the session's duration and outcome ({@link Vocabulary#OUTCOME}) and name the
 * coached competency in the {@link Vocabulary#COMPETENCY} context extension.
 */
final class MentoringSession {
  private static final String[] PROGRESS = {"needs-support", "on-track", "on-track", "ready-for-next-level"};

  private MentoringSession() {}

  static List<Timed> run(Person mentor, Person mentee, Competency competency, double menteeAbility,
      SplittableRandom random, long start, String domain) {
    UUID session = uuid(random);
    long length = (25 + random.nextInt(41)) * 60_000L + random.nextInt(60_000);
    int rating = Math.max(1, Math.min(5, (int) Math.round(3.6 + random.nextGaussian())));
    int progress = Math.max(0, Math.min(3, (int) Math.floor((menteeAbility - 0.55) * 8 + random.nextDouble() * 2 - 1)));
    ObjectNode outcome = StatementParts.object();
    outcome.put("rating", rating);
    outcome.put("progress", PROGRESS[progress]);
    outcome.put("goals", 1 + random.nextInt(3));

    ObjectNode sessionActivity = activity("https://mentoring." + domain + "/sessions/" + session,
        "Mentoring session: " + competency.name(), Vocabulary.MEETING_TYPE);
    long attendedAt = start + length + random.nextInt(120_000);
    ObjectNode attended = statement(uuid(random), mentee.agent(), Vocabulary.ATTENDED, sessionActivity.deepCopy());
    ObjectNode result = attended.putObject("result");
    result.put("duration", duration(length));
    result.putObject("extensions").set(Vocabulary.OUTCOME, outcome.deepCopy());
    ObjectNode context = context(session, competency);
    context.set("instructor", mentor.agent());
    context.put("platform", "Northwind Mentoring");
    attended.set("context", context);
    timestamp(attended, attendedAt);

    long mentoredAt = attendedAt + 30_000 + random.nextInt(600_000);
    ObjectNode mentored = statement(uuid(random), mentor.agent(), Vocabulary.MENTORED, mentee.agent());
    ObjectNode mentorResult = mentored.putObject("result");
    mentorResult.put("duration", duration(length));
    mentorResult.putObject("extensions").set(Vocabulary.OUTCOME, outcome);
    // platform and revision are only allowed with an Activity object (1.0.3 Part Two §2.4.6)
    ObjectNode mentorContext = context(session, competency);
    ((ObjectNode) mentorContext.get("contextActivities")).set("other", list(sessionActivity));
    mentored.set("context", mentorContext);
    timestamp(mentored, mentoredAt);
    return List.of(new Timed(attendedAt, attended), new Timed(mentoredAt, mentored));
  }

  private static ObjectNode context(UUID session, Competency competency) {
    ObjectNode context = StatementParts.object();
    context.put("registration", session.toString());
    context.putObject("contextActivities").set("category", list(activityRef(Vocabulary.MENTORING_PROFILE)));
    context.put("language", "en-US");
    context.putObject("extensions").put(Vocabulary.COMPETENCY, competency.uri());
    return context;
  }
}
