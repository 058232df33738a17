package cairn.progression.pages;

import cairn.progression.frameworks.Framework;
import cairn.progression.frameworks.FrameworkStore;
import cairn.progression.ladders.Ladder;
import cairn.progression.ladders.LadderStore;
import cairn.progression.people.PeopleRoutes;
import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import cairn.web.records.LearningRecord;
import cairn.web.records.LearningRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /my/progress}: the signed-in person's progress as a page — the same data as
 * {@code GET /api/v1/me/progress} ({@link PeopleRoutes#progressOf}), with every competency by its
 * name, the learning records behind each level in words ({@link LearningRecords}), each ladder's
 * milestones with their criteria, and what is missing for the next one. Mounted behind the pages'
 * session handlers.
 */
public final class ProgressPages {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      ProgressPages.class.getClassLoader(), "cairn.progression.pages.jte");
  private final Pool pool;
  private final PeopleRoutes people;
  private final LearningRecords records;

  public ProgressPages(Pool pool, PeopleRoutes people, LearningRecords records) {
    this.pool = pool;
    this.people = people;
    this.records = records;
  }

  public void mount(Router router) {
    router.get("/my/progress").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    if (Caller.current(ctx).isEmpty()) {
      Pages.toSignIn(ctx);
      return;
    }
    Caller caller = Caller.current(ctx).get();
    if (caller.personIfis().isEmpty()) {
      render(ctx, Text.get("notLinked.title"), "not-linked.jte", Map.of());
      return;
    }
    people.directory().personOf(caller)
        .compose(person -> Future.all(people.progressOf(person), LadderStore.active(pool)))
        .compose(all -> build(all.resultAt(0), all.resultAt(1)))
        .onSuccess(page -> render(ctx, Text.get("progress.title"), "progress.jte", page))
        .onFailure(e -> {
          if (e instanceof ApiException api && api.status() == 404) {
            render(ctx, Text.get("notLinked.title"), "not-linked.jte", Map.of());
          } else {
            ctx.fail(e);
          }
        });
  }

  private void render(RoutingContext ctx, String title, String template, Object model) {
    Content content = model instanceof Map<?, ?> m
        ? output -> ENGINE.render(template, castMap(m), output)
        : output -> ENGINE.render(template, model, output);
    Pages.render(ctx.response(), ctx.request().method(), 200,
        new Layout(title, List.of(), Caller.current(ctx).map(Caller::displayName).orElse(null), content));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  /** The page from the progress answer, the ladders, their frameworks and the records behind it. */
  private Future<ProgressPage> build(ObjectNode progress, List<Ladder> ladders) {
    Set<UUID> statements = new LinkedHashSet<>();
    for (JsonNode c : progress.path("competencies")) {
      for (JsonNode e : c.path("explanation").path("evidence")) {
        try {
          statements.add(UUID.fromString(e.path("statementId").asText()));
        } catch (IllegalArgumentException ignored) {
          // not a statement id: shown without its record
        }
      }
    }
    Set<String> activities = new LinkedHashSet<>();
    for (JsonNode status : progress.path("ladders")) {
      for (JsonNode missing : status.path("next").path("missing")) {
        for (JsonNode way : missing.path("ways")) {
          way.path("activities").forEach(a -> activities.add(a.asText()));
        }
      }
    }
    Set<String> mine = new LinkedHashSet<>();
    progress.path("ladders").forEach(l -> mine.add(l.path("ladder").asText()));
    List<Future<Framework>> frameworks = new ArrayList<>();
    List<Ladder> shown = ladders.stream().filter(l -> mine.contains(l.id())).toList();
    for (Ladder ladder : shown) {
      frameworks.add(FrameworkStore.load(pool, ladder.frameworkId(), null));
    }
    return Future.all(records.summaries(statements), records.activityNames(activities), Future.all(frameworks))
        .map(all -> {
          Map<UUID, LearningRecord> found = all.resultAt(0);
          Map<String, String> names = all.resultAt(1);
          Map<String, Framework> byLadder = new HashMap<>();
          for (int i = 0; i < shown.size(); i++) {
            byLadder.put(shown.get(i).id(), frameworks.get(i).result());
          }
          return new ProgressPage(progress.path("person").path("name").asText(""),
              competencies(progress, found), ladders(progress, shown, byLadder, names));
        });
  }

  private static List<ProgressPage.Competency> competencies(ObjectNode progress, Map<UUID, LearningRecord> found) {
    List<ProgressPage.Competency> list = new ArrayList<>();
    for (JsonNode c : progress.path("competencies")) {
      JsonNode explanation = c.path("explanation");
      List<ProgressPage.Evidence> evidence = new ArrayList<>();
      for (JsonNode e : explanation.path("evidence")) {
        String rule = ruleName(e.path("rule").asText(""));
        LearningRecord record = null;
        try {
          record = found.get(UUID.fromString(e.path("statementId").asText()));
        } catch (IllegalArgumentException ignored) {
          // shown without its record
        }
        evidence.add(record == null
            ? new ProgressPage.Evidence(Text.get("progress.recordGone"), "–", null, date(e.path("at").asText(null)), rule)
            : new ProgressPage.Evidence(record.activity(), record.what(Text.get("evidence.success"),
                Text.get("evidence.failure")), record.score(), Text.date(record.timestamp()), rule));
      }
      String rollup = null;
      if ("rollup".equals(explanation.path("source").asText())) {
        rollup = Text.get("progress.rollup", explanation.path("rollup").path("mode").asText());
      }
      list.add(new ProgressPage.Competency(c.path("competency").asText(), name(c.path("name").asText(null),
          c.path("competency").asText()), level(c.path("level").asInt(), explanation.path("quality").asText(null)),
          date(c.path("since").asText(null)), date(c.path("validUntil").asText(null)),
          explanation.path("supporting").asInt(evidence.size()), evidence, rollup));
    }
    return list;
  }

  private static List<ProgressPage.LadderView> ladders(ObjectNode progress, List<Ladder> ladders,
      Map<String, Framework> frameworks, Map<String, String> activityNames) {
    Map<String, Ladder> byId = new HashMap<>();
    ladders.forEach(l -> byId.put(l.id(), l));
    List<ProgressPage.LadderView> views = new ArrayList<>();
    for (JsonNode status : progress.path("ladders")) {
      Ladder ladder = byId.get(status.path("ladder").asText());
      if (ladder == null) {
        continue;
      }
      Framework framework = frameworks.get(ladder.id());
      Map<String, String> reached = new HashMap<>();
      status.path("reached").forEach(r -> reached.put(r.path("milestone").asText(), date(r.path("reachedAt").asText(null))));
      JsonNode next = status.path("next");
      String nextId = next.isObject() ? next.path("milestone").asText() : null;
      List<ProgressPage.MilestoneView> milestones = new ArrayList<>();
      for (Ladder.Milestone m : ladder.milestones()) {
        boolean isNext = m.id().equals(nextId);
        List<String> missing = isNext ? Words.missing(next.path("missing"), framework, activityNames) : List.of();
        milestones.add(new ProgressPage.MilestoneView(m.id(), m.name(), m.description(),
            reached.containsKey(m.id()) ? reached.get(m.id()) : null, isNext, missing, Words.criteria(m, framework)));
      }
      views.add(new ProgressPage.LadderView(ladder.id(), ladder.title(), milestones, reached.size()));
    }
    return views;
  }

  /** A competency's name: its code and statement; never a bare URL (its last segment at worst). */
  static String name(String name, String uri) {
    if (name != null && !name.isBlank() && !name.startsWith("http")) {
      return name.strip();
    }
    String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  static String level(int level, String quality) {
    if (level == 0) {
      return Text.get("progress.noLevel");
    }
    return quality == null ? Text.get("progress.level", level) : Text.get("progress.levelNamed", quality, level);
  }

  /** "rules/{framework}/v{n}#{rule}" → the rule's id. */
  static String ruleName(String rule) {
    int hash = rule.lastIndexOf('#');
    return hash >= 0 ? rule.substring(hash + 1) : rule;
  }

  static String date(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Text.date(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return text;
    }
  }
}
