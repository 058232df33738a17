package cairn.lrs.statements;

import cairn.lrs.LrsOptions;
import cairn.lrs.pages.View;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.Offload;
import cairn.web.pages.FieldError;
import cairn.web.pages.Text;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The console's statements browser, {@code /admin/statements}: a filter form (agent by email address
 * or account, verb, activity, registration, since, until), a page of the statements that match, newest
 * first (time, actor, verb, object, stored), and a "more" link that follows the xAPI {@code more}
 * cursor; {@code /admin/statements/{id}} shows one statement's JSON, pretty-printed. The filters are
 * turned into the xAPI query parameters and read by the same {@link StatementParameters} and
 * {@link StatementStore#query} as {@code GET /xapi/statements}, so the page finds what the API finds
 * (StatementRefs included). Input the API would refuse is the form again with an error summary.
 * Mounted behind the pages' session and the console's role check (LRS admins, who read every
 * statement).
 */
public final class StatementPages {
  static final String BASE = "/admin/statements";
  /** Statements per page. */
  static final int PAGE = 20;
  private static final Pattern DAY = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
  /** An account's home page is a URL (xAPI 1.0.3 Part Two §2.4.2.4: an IRL). */
  private static final Pattern HOME_PAGE = Pattern.compile("^https?://\\S+$");
  private static final int MAX_FIELD = 2048;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.UK);

  private final StatementStore store;
  private final StatementParameters parameters;

  public StatementPages(Pool pool, LrsOptions options) {
    this.store = new StatementStore(pool);
    this.parameters = new StatementParameters(options);
  }

  public void mount(Router router) {
    router.get(BASE).handler(this::list);
    router.get(BASE + "/:id").handler(this::one);
  }

  /** The form's fields, as typed (or as a {@code more} link's query had them). */
  public record Filter(String mbox, String accountHomePage, String accountName, String verb, String activity,
      String registration, String since, String until) {
    static final Filter EMPTY = new Filter("", "", "", "", "", "", "", "");

    public boolean any() {
      return !(mbox + accountHomePage + accountName + verb + activity + registration + since + until).isEmpty();
    }
  }

  /** One statement of the results. */
  public record Line(String id, String time, String actor, String verb, String object, String stored) {}

  /** The browser: the filter, its errors, the statements found and the link to the next page (or null). */
  public record ListPage(Filter filter, List<FieldError> errors, List<Line> lines, String moreHref,
      boolean continued) {
    public String error(String field) {
      return View.errorFor(errors, field);
    }

    /** The ids that describe a field's input (its hint, its error), or null for none. */
    public String describedBy(String field, String hint) {
      String ids = ((hint == null ? "" : hint) + " " + (error(field) == null ? "" : field + "-error")).strip();
      return ids.isEmpty() ? null : ids;
    }
  }

  /** One statement: its id, whether it is voided, its JSON pretty-printed. */
  public record StatementPage(String id, boolean voided, String json) {}

  private void list(RoutingContext ctx) {
    MultiMap form = ctx.request().params();
    StatementParameters.Request request;
    Filter filter;
    String more = form.get("more");
    if (more != null) {
      try {
        request = parameters.parse(MultiMap.caseInsensitiveMultiMap().add("more", more), null);
      } catch (ApiException e) {
        show(ctx, 400, Filter.EMPTY, List.of(new FieldError("mbox", Text.get("statements.error.more"))), null);
        return;
      }
      filter = refill(request.query());
    } else {
      filter = new Filter(field(form, "mbox"), field(form, "account-home-page"), field(form, "account-name"),
          field(form, "verb"), field(form, "activity"), field(form, "registration"), field(form, "since"),
          field(form, "until"));
      List<FieldError> errors = new ArrayList<>();
      MultiMap query = query(filter, errors);
      if (!errors.isEmpty()) {
        show(ctx, 400, filter, errors, null);
        return;
      }
      request = parameters.parse(query, null);
    }
    StatementParameters.Request asked = request;
    store.query(request.query())
        .compose(page -> Offload.bySize(ctx.vertx(), page.bodies().stream().mapToLong(String::length).sum(),
            () -> new ListPage(filter, List.of(), page.bodies().stream().map(StatementPages::line).toList(),
                page.next() == null ? null : BASE + "?more=" + parameters.more(asked, page.next()), more != null)))
        .onSuccess(page -> View.render(ctx, 200, Text.get("statements.title"), List.of(), "statements.jte", page))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx, int status, Filter filter, List<FieldError> errors, List<Line> lines) {
    View.render(ctx, status, Text.get("statements.title"), errors, "statements.jte",
        new ListPage(filter, errors, lines == null ? List.of() : lines, null, false));
  }

  /**
   * The xAPI query parameters of a filter, each checked by the API's own parameter reading; what it
   * refuses becomes an error of the field that holds it.
   */
  private MultiMap query(Filter f, List<FieldError> errors) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap().add("limit", Integer.toString(PAGE));
    String agent = agent(f, errors);
    if (agent != null) {
      check(query, "agent", agent, "mbox", errors);
    }
    check(query, "verb", f.verb(), "verb", errors);
    check(query, "activity", f.activity(), "activity", errors);
    check(query, "registration", f.registration(), "registration", errors);
    check(query, "since", startOfDay(f.since()), "since", errors);
    check(query, "until", startOfDay(f.until()), "until", errors);
    return query;
  }

  /** Adds one parameter if the API's reading of it alone accepts it, else an error for {@code field}. */
  private void check(MultiMap query, String name, String value, String field, List<FieldError> errors) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (value.length() > MAX_FIELD) {
      errors.add(new FieldError(field, Text.get("statements.error.tooLong", MAX_FIELD)));
      return;
    }
    try {
      parameters.parse(MultiMap.caseInsensitiveMultiMap().add(name, value), null);
      query.add(name, value);
    } catch (ApiException e) {
      errors.add(new FieldError(field, Text.get("statements.error." + name)));
    }
  }

  /** The agent filter as xAPI JSON: an mbox or an account, not both; null for none. */
  private static String agent(Filter f, List<FieldError> errors) {
    boolean account = !f.accountHomePage().isEmpty() || !f.accountName().isEmpty();
    if (!f.mbox().isEmpty()) {
      if (account) {
        errors.add(new FieldError("mbox", Text.get("statements.error.agentBoth")));
        return null;
      }
      String address = f.mbox().startsWith("mailto:") ? f.mbox().substring(7) : f.mbox();
      if (!EMAIL.matcher(address).matches()) {
        errors.add(new FieldError("mbox", Text.get("statements.error.mbox")));
        return null;
      }
      return Json.MAPPER.createObjectNode().put("mbox", "mailto:" + address).toString();
    }
    if (!account) {
      return null;
    }
    if (!HOME_PAGE.matcher(f.accountHomePage()).matches()) {
      errors.add(new FieldError("account-home-page", Text.get("statements.error.homePage")));
    }
    if (f.accountName().isEmpty()) {
      errors.add(new FieldError("account-name", Text.get("statements.error.accountName")));
    }
    if (!HOME_PAGE.matcher(f.accountHomePage()).matches() || f.accountName().isEmpty()) {
      return null;
    }
    var agent = Json.MAPPER.createObjectNode();
    agent.putObject("account").put("homePage", f.accountHomePage()).put("name", f.accountName());
    return agent.toString();
  }

  /** A day alone means its start, in UTC; anything else goes to the API's reading as it is. */
  private static String startOfDay(String value) {
    return DAY.matcher(value).matches() ? value + "T00:00:00Z" : value;
  }

  /** The form again for a {@code more} page: the filters its query holds. */
  private static Filter refill(StatementQuery q) {
    String mbox = "";
    String homePage = "";
    String name = "";
    String agent = q.agent();
    if (agent != null && agent.startsWith("mbox:mailto:")) {
      mbox = agent.substring("mbox:mailto:".length());
    } else if (agent != null && agent.startsWith("account:")) {
      int colon = agent.indexOf(':', "account:".length());
      try {
        int length = Integer.parseInt(agent.substring("account:".length(), colon));
        homePage = agent.substring(colon + 1, colon + 1 + length);
        name = agent.substring(colon + 1 + length);
      } catch (RuntimeException e) {
        // not the shape Agents.ifiKey writes: the form shows no agent
      }
    }
    return new Filter(mbox, homePage, name, nullToEmpty(q.verb()), nullToEmpty(q.activity()),
        q.registration() == null ? "" : q.registration().toString(),
        q.since() == null ? "" : q.since().toString(), q.until() == null ? "" : q.until().toString());
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String field(MultiMap form, String name) {
    String value = form.get(name);
    return value == null ? "" : value.strip().replace("\0", "");
  }

  /** A stored statement as a line of the results, in words where it has them. */
  static Line line(String body) {
    JsonNode s = Json.tree(body);
    JsonNode object = s.path("object");
    String objectType = object.path("objectType").asText("Activity");
    String what = switch (objectType) {
      case "StatementRef" -> Text.get("statements.ref", object.path("id").asText());
      case "SubStatement" -> Text.get("statements.sub");
      case "Agent", "Group" -> agentName(object);
      default -> firstOf(object.path("definition").path("name"), object.path("id").asText());
    };
    return new Line(s.path("id").asText(), shown(s.path("timestamp").asText(null)), agentName(s.path("actor")),
        firstOf(s.path("verb").path("display"), s.path("verb").path("id").asText()), what,
        shown(s.path("stored").asText(null)));
  }

  private static String agentName(JsonNode agent) {
    if (agent.hasNonNull("name")) {
      return agent.get("name").asText();
    }
    if (agent.hasNonNull("mbox")) {
      return agent.get("mbox").asText().replaceFirst("^mailto:", "");
    }
    if (agent.has("account")) {
      return agent.path("account").path("name").asText() + " (" + agent.path("account").path("homePage").asText() + ")";
    }
    if (agent.hasNonNull("openid")) {
      return agent.get("openid").asText();
    }
    if (agent.hasNonNull("mbox_sha1sum")) {
      return agent.get("mbox_sha1sum").asText();
    }
    return Text.get("statements.anonymous");
  }

  /** A language map's English entry, else its first, else {@code fallback}. */
  private static String firstOf(JsonNode languageMap, String fallback) {
    if (languageMap.isObject() && !languageMap.isEmpty()) {
      for (String tag : List.of("en", "en-GB", "en-US")) {
        if (languageMap.hasNonNull(tag)) {
          return languageMap.get(tag).asText();
        }
      }
      Iterator<JsonNode> values = languageMap.elements();
      return values.next().asText();
    }
    return fallback;
  }

  private static String shown(String value) {
    if (value == null) {
      return "";
    }
    try {
      return TIME.format(OffsetDateTime.parse(value).atZoneSameInstant(ZoneOffset.UTC)) + " UTC";
    } catch (RuntimeException e) {
      return value;
    }
  }

  private void one(RoutingContext ctx) {
    UUID id;
    try {
      id = StatementParameters.uuid(ctx.pathParam("id"), "id");
    } catch (ApiException e) {
      ctx.fail(ApiException.notFound(Text.get("statements.notFound")));
      return;
    }
    store.byId(id, null)
        .compose(found -> {
          if (found == null) {
            return io.vertx.core.Future.failedFuture(ApiException.notFound(Text.get("statements.notFound")));
          }
          return Offload.bySize(ctx.vertx(), found.body().length(), () -> new StatementPage(id.toString(),
              found.voided(), pretty(found.body())));
        })
        .onSuccess(page -> View.render(ctx, 200, Text.get("statements.one.title", page.id()), List.of(),
            "statement.jte", page))
        .onFailure(ctx::fail);
  }

  private static String pretty(String body) throws JsonProcessingException {
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.tree(body));
  }
}
