package cairn.xapi.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Walks the simulated period day by day and yields statements in timestamp order. A day is first
 * planned as light-weight sessions (who starts what, when, with which random seed); a session's
 * statements are built only when it starts, and sessions running at the same time are merged by a
 * priority queue. Memory is one day's plan plus the sessions in progress, however long the stream.
 *
 * <p>Every session draws from its own random source seeded by the day's, so the whole stream is a
 * function of the options alone.
 */
final class Timeline implements Iterator<ObjectNode> {
  private static final long DAY = 86_400_000L;
  /** Chance per working day that a person of engagement 1 starts a course attempt. */
  private static final double ATTEMPTS_PER_DAY = 0.125;
  /** Chance per working day that a mentoring pair meets (about every two weeks). */
  private static final double SESSIONS_PER_DAY = 0.1;

  private record Plan(long start, boolean mentoring, int who, long seed) {}

  /** A started session's statements, consumed in order. */
  private static final class Running {
    final List<Timed> statements;
    final long order;
    int next;

    Running(List<Timed> statements, long order) {
      this.statements = statements;
      this.order = order;
    }

    long time() {
      return statements.get(next).time();
    }
  }

  private final GeneratorOptions options;
  private final Catalog catalog;
  private final Directory directory;
  private final LocalDate end;
  private final PriorityQueue<Running> running = new PriorityQueue<>(
      Comparator.comparingLong(Running::time).thenComparingLong(r -> r.order));
  private final ArrayDeque<Plan> plans = new ArrayDeque<>();
  /** Courses each person has satisfied: bit person * courses + course. */
  private final BitSet satisfied = new BitSet();
  private final int[] sessionsHeld;
  private final String platform;
  private LocalDate day;
  private long started;

  Timeline(GeneratorOptions options, Catalog catalog, Directory directory) {
    this.options = options;
    this.catalog = catalog;
    this.directory = directory;
    this.end = options.end();
    this.day = options.start();
    this.sessionsHeld = new int[directory.pairs.size()];
    this.platform = "Northwind Academy";
  }

  @Override
  public boolean hasNext() {
    fill();
    return !running.isEmpty();
  }

  @Override
  public ObjectNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Running r = running.poll();
    ObjectNode statement = r.statements.get(r.next++).statement();
    if (r.next < r.statements.size()) {
      running.add(r);
    }
    return statement;
  }

  /** Plans days and starts sessions until the earliest pending statement is known. */
  private void fill() {
    while (true) {
      if (plans.isEmpty() && day.isBefore(end)
          && (running.isEmpty() || running.peek().time() >= startOf(day))) {
        plan(day);
        day = day.plusDays(1);
      } else if (!plans.isEmpty() && (running.isEmpty() || plans.peek().start() <= running.peek().time())) {
        start(plans.poll());
      } else {
        return;
      }
    }
  }

  private static long startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private void plan(LocalDate date) {
    SplittableRandom random = new SplittableRandom(options.seed() ^ (date.toEpochDay() * 0xBF58476D1CE4E5B9L));
    double factor = dayFactor(date) * options.activity();
    long dayStart = startOf(date);
    List<Plan> today = new ArrayList<>();
    for (int i = 0; i < directory.people.size(); i++) {
      if (random.nextDouble() < ATTEMPTS_PER_DAY * factor * directory.engagement[i]) {
        today.add(new Plan(dayStart + workingTime(random), false, i, random.nextLong()));
      }
    }
    for (int i = 0; i < directory.pairs.size(); i++) {
      if (random.nextDouble() < SESSIONS_PER_DAY * Math.min(1, factor)) {
        today.add(new Plan(dayStart + workingTime(random), true, i, random.nextLong()));
      }
    }
    today.sort(Comparator.comparingLong(Plan::start)); // stable: ties keep plan order
    plans.addAll(today);
  }

  /** Between 07:00 and 17:00 UTC, busiest mid-morning and mid-afternoon. */
  private static long workingTime(SplittableRandom random) {
    double hours = 7 + (random.nextDouble() + random.nextDouble()) * 5;
    return (long) (hours * 3_600_000L);
  }

  /** Fewer sessions at weekends, in August and over the year-end holidays. */
  private static double dayFactor(LocalDate date) {
    double f = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0.08 : 1.0;
    if (date.getMonthValue() == 8) {
      f *= 0.6;
    }
    if (date.getMonthValue() == 12 && date.getDayOfMonth() >= 22 || date.getMonthValue() == 1 && date.getDayOfMonth() <= 2) {
      f *= 0.2;
    }
    return f;
  }

  private void start(Plan plan) {
    SplittableRandom random = new SplittableRandom(plan.seed());
    List<Timed> statements;
    if (plan.mentoring()) {
      Directory.Pair pair = directory.pairs.get(plan.who());
      int held = sessionsHeld[plan.who()]++;
      // a pair works on one competency for about six sessions, then the next
      Competency focus = catalog.competencies.get(pair.focus()[held / 6 % pair.focus().length]);
      statements = MentoringSession.run(directory.people.get(pair.mentor()), directory.people.get(pair.mentee()),
          focus, directory.ability[pair.mentee()], random, plan.start(), options.domain());
    } else {
      int person = plan.who();
      int course = chooseCourse(person, random);
      Cmi5Attempt.Outcome outcome = Cmi5Attempt.run(catalog.courses.get(course), directory.people.get(person),
          directory.ability[person], random, plan.start(), platform);
      if (outcome.satisfied()) {
        satisfied.set(person * catalog.courses.size() + course);
      }
      statements = outcome.statements();
    }
    running.add(new Running(statements, started++));
  }

  /** Mostly the person's own job family, some company-wide, a little cross-skilling; new first. */
  private int chooseCourse(int person, SplittableRandom random) {
    int choice = -1;
    for (int tries = 0; tries < 4; tries++) {
      double u = random.nextDouble();
      List<Integer> pool;
      if (u < 0.65) {
        pool = catalog.functionCourses.get(directory.functionOf[person]);
      } else if (u < 0.93) {
        pool = catalog.companyCourses;
      } else {
        pool = catalog.functionCourses.get(random.nextInt(catalog.functionCourses.size()));
      }
      choice = pool.get(random.nextInt(pool.size()));
      Person p = directory.people.get(person);
      if (u >= 0.88 && u < 0.93 && (p.manager() || p.level() >= 4)) {
        choice = catalog.leadershipCourse;
      }
      if (!satisfied.get(person * catalog.courses.size() + choice)) {
        break;
      }
    }
    return choice;
  }
}
