package cairn.xapi.generator;

import static cairn.xapi.generator.StatementParts.activity;
import static cairn.xapi.generator.StatementParts.duration;
import static cairn.xapi.generator.StatementParts.list;
import static cairn.xapi.generator.StatementParts.statement;
import static cairn.xapi.generator.StatementParts.timestamp;
import static cairn.xapi.generator.StatementParts.uuid;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One learner's attempt at a cmi5 course, under one registration: for each AU in turn a session
 * (launched, initialized, completed, passed or failed, terminated; cmi5 spec §9.3), sometimes
 * waived or abandoned by the LMS, then satisfied for each block and the course once every AU has
 * met its moveOn criteria. A failed or abandoned AU ends the attempt.
 */
final class Cmi5Attempt {
  private static final double WAIVED = 0.03;
  private static final double ABANDONED = 0.04;
  private static final String[] WAIVE_REASONS = {"Tested Out", "Equivalent AU", "Equivalent Outside Activity", "Administrative"};

  private final Course course;
  private final ObjectNode learner;
  private final double ability;
  private final SplittableRandom random;
  private final UUID registration;
  private final String platform;
  private final List<Timed> out = new ArrayList<>();
  private long t;

  private Cmi5Attempt(Course course, Person learner, double ability, SplittableRandom random, long start, String platform) {
    this.course = course;
    this.learner = learner.agent();
    this.ability = ability;
    this.random = random;
    this.registration = uuid(random);
    this.platform = platform;
    this.t = start;
  }

  /** The attempt's statements in time order, and whether the course was satisfied. */
  record Outcome(List<Timed> statements, boolean satisfied) {}

  static Outcome run(Course course, Person learner, double ability, SplittableRandom random, long start, String platform) {
    Cmi5Attempt attempt = new Cmi5Attempt(course, learner, ability, random, start, platform);
    boolean satisfied = attempt.run();
    return new Outcome(attempt.out, satisfied);
  }

  private boolean run() {
    UUID lastSession = null;
    for (Course.Block block : course.blocks()) {
      for (Course.Au au : block.aus()) {
        lastSession = uuid(random);
        boolean met = random.nextDouble() < WAIVED ? waive(au, block, lastSession) : session(au, block, lastSession);
        if (!met) {
          return false;
        }
        t += 10_000 + random.nextInt(170_000);
      }
      satisfied(activity(block.id(), block.name(), Vocabulary.BLOCK_TYPE), null, lastSession);
    }
    satisfied(courseActivity(), null, lastSession);
    return true;
  }

  /** One AU session; returns whether the AU's moveOn criteria were met. */
  private boolean session(Course.Au au, Course.Block block, UUID session) {
    long launched = t;
    ObjectNode s = add(Vocabulary.LAUNCHED, au, block, session, false);
    ObjectNode ext = (ObjectNode) s.path("context").path("extensions");
    ext.put(Vocabulary.LAUNCH_MODE, "Normal");
    ext.put(Vocabulary.LAUNCH_URL, au.launchUrl());
    ext.put(Vocabulary.MOVE_ON, au.assessed() ? "CompletedAndPassed" : "Completed");
    if (au.assessed()) {
      ext.put(Vocabulary.MASTERY_SCORE, au.masteryScore());
    }
    t += 1_500 + random.nextInt(6_000);
    add(Vocabulary.INITIALIZED, au, block, session, false);
    long learning = (long) (au.minutes() * 60_000L * (0.6 + random.nextDouble()));
    if (random.nextDouble() < ABANDONED) {
      // the LMS notices the AU never terminated (cmi5 §9.3.8)
      t += learning + 30 * 60_000L;
      ObjectNode abandoned = add(Vocabulary.ABANDONED, au, block, session, false);
      abandoned.putObject("result").put("duration", duration(learning));
      return false;
    }
    t += learning;
    add(Vocabulary.COMPLETED, au, block, session, true).putObject("result")
        .put("completion", true).put("duration", duration(t - launched));
    boolean passed = true;
    if (au.assessed()) {
      t += 500 + random.nextInt(2_500);
      double scaled = Math.max(0, Math.min(1, ability + 0.03 + 0.1 * random.nextGaussian()));
      scaled = Math.round(scaled * 100) / 100.0;
      passed = scaled >= au.masteryScore();
      ObjectNode judged = add(passed ? Vocabulary.PASSED : Vocabulary.FAILED, au, block, session, passed);
      ((ObjectNode) judged.path("context").path("extensions")).put(Vocabulary.MASTERY_SCORE, au.masteryScore());
      ObjectNode result = judged.putObject("result");
      result.putObject("score").put("scaled", scaled).put("raw", Math.round(scaled * 100)).put("min", 0).put("max", 100);
      result.put("success", passed).put("duration", duration(t - launched));
    }
    t += 800 + random.nextInt(4_000);
    add(Vocabulary.TERMINATED, au, block, session, false).putObject("result").put("duration", duration(t - launched));
    return passed;
  }

  private boolean waive(Course.Au au, Course.Block block, UUID session) {
    ObjectNode result = add(Vocabulary.WAIVED, au, block, session, true).putObject("result");
    result.put("success", true).put("completion", true);
    result.putObject("extensions").put(Vocabulary.REASON, WAIVE_REASONS[random.nextInt(WAIVE_REASONS.length)]);
    return true;
  }

  private void satisfied(ObjectNode object, Course.Block block, UUID session) {
    t += 200 + random.nextInt(800);
    ObjectNode s = statement(uuid(random), learner.deepCopy(), Vocabulary.SATISFIED, object);
    s.set("context", context(block, session, false));
    timestamp(s, t);
    out.add(new Timed(t, s));
  }

  private ObjectNode add(String verb, Course.Au au, Course.Block block, UUID session, boolean moveOn) {
    ObjectNode s = statement(uuid(random), learner.deepCopy(), verb,
        activity(au.id(), au.name(), Vocabulary.MODULE_TYPE));
    s.set("context", context(block, session, moveOn));
    timestamp(s, t);
    out.add(new Timed(t, s));
    return s;
  }

  private ObjectNode context(Course.Block block, UUID session, boolean moveOn) {
    ObjectNode context = StatementParts.object();
    context.put("registration", registration.toString());
    ObjectNode activities = context.putObject("contextActivities");
    ArrayNode grouping = list(courseActivity());
    if (block != null && course.blocks().size() > 1) {
      grouping.add(activity(block.id(), block.name(), Vocabulary.BLOCK_TYPE));
    }
    activities.set("grouping", grouping);
    ArrayNode category = list(StatementParts.activityRef(Vocabulary.CMI5_CATEGORY));
    if (moveOn) {
      category.add(StatementParts.activityRef(Vocabulary.MOVEON_CATEGORY));
    }
    activities.set("category", category);
    context.put("platform", platform);
    context.put("language", "en-US");
    context.putObject("extensions").put(Vocabulary.SESSION_ID, session.toString());
    return context;
  }

  private ObjectNode courseActivity() {
    return activity(course.id(), course.name(), Vocabulary.COURSE_TYPE);
  }
}
