package cairn.xapi.generator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One entry of the generated people directory: who a learner is, where they work and at what level,
 * and how statements identify them. Statements use {@code account} when present, else {@code mbox}
 * (xAPI 1.0.3 Part Two §2.4.2.4: an Agent carries exactly one Inverse Functional Identifier).
 *
 * @param index position in the directory, from 0
 * @param name display name
 * @param mbox {@code mailto:} e-mail IRI (every person has one, even when identified by account)
 * @param account the account IFI, for people the LMS knows by a single sign-on id
 * @param team team name
 * @param role job title
 * @param function the job family (Engineering, Sales…)
 * @param level career level, 1 (entry) to 6
 * @param manager whether they manage their team
 */
public record Person(
    int index,
    String name,
    String mbox,
    Optional<Account> account,
    String team,
    String role,
    String function,
    int level,
    boolean manager) {

  /** An xAPI account (1.0.3 Part Two §2.4.2.4.1). */
  public record Account(String homePage, String name) {}

  public Person {
    if (!mbox.startsWith("mailto:")) {
      throw new IllegalArgumentException("mbox must be a mailto: IRI: " + mbox);
    }
    if (level < 1 || level > 6) {
      throw new IllegalArgumentException("level must be 1 to 6: " + level);
    }
  }

  /** The Agent statements use for this person. */
  public ObjectNode agent() {
    ObjectNode agent = JsonNodeFactory.instance.objectNode();
    agent.put("objectType", "Agent");
    agent.put("name", name);
    if (account.isPresent()) {
      agent.putObject("account").put("homePage", account.get().homePage()).put("name", account.get().name());
    } else {
      agent.put("mbox", mbox);
    }
    return agent;
  }
}
