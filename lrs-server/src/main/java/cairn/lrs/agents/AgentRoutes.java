package cairn.lrs.agents;

import cairn.web.ApiException;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import cairn.web.auth.Scope;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The Agents resource, {@code GET /xapi/agents?agent=} (1.0.3 Part Three §2.4; IEEE
 * 9274.1.1-2023 §4.1.6.3): the Person object for an agent. Cairn keeps no identity links between
 * agents, so the Person holds the identifiers (and name) of the agent asked about; an agent never
 * seen is still answered, as the suite expects (XAPI-00236).
 */
public final class AgentRoutes {
  private static final String PATH = "/xapi/agents";

  public void mount(Router router) {
    router.get(PATH).handler(this::get);
    router.head(PATH).handler(this::get);
  }

  private void get(RoutingContext ctx) {
    Credential credential = AuthHandler.credential(ctx);
    if (!credential.has(Scope.ALL) && !credential.has(Scope.ALL_READ)) {
      throw ApiException.forbidden("Reading the Agents resource needs scope all or all/read.");
    }
    for (String name : ctx.request().params().names()) {
      if (!name.equals(AgentParameter.NAME)) {
        throw ApiException.badRequest("Unknown parameter '" + name + "'.", name);
      }
    }
    AgentParameter agent = AgentParameter.parse(ctx.request().getParam(AgentParameter.NAME));
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(person(agent.agent()).toString());
  }

  /** A Person (1.0.3 Part Three §2.4 "Person Object"): each identifier kind as an array. */
  static ObjectNode person(ObjectNode agent) {
    ObjectNode person = JsonNodeFactory.instance.objectNode().put("objectType", "Person");
    for (String property : new String[] {"name", "mbox", "mbox_sha1sum", "openid", "account"}) {
      ArrayNode values = person.putArray(property);
      if (agent.hasNonNull(property)) {
        values.add(agent.get(property));
      }
    }
    return person;
  }
}
