package cairn.progression.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.progression.InvalidDefinitionException;
import cairn.progression.TestData;
import cairn.progression.frameworks.CasePackage;
import cairn.progression.frameworks.Framework;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RuleTest {
  private static final TestData DATA = new TestData("rules.example", 1, 10, 2, 1);
  private static final Framework FRAMEWORK = CasePackage.parse(DATA.framework(), 1);
  private static final String COURSE = "https://learn.rules.example/courses/designing-distributed-systems";
  private static final String AU = COURSE + "/au/2";

  private static RuleSet rules(String json) {
    return RuleSet.parse(Json.parse(json.replace("'", "\"")), FRAMEWORK, 1);
  }

  private static StatementView statement(String verb, String extra) {
    return StatementView.of(Json.parse(("""
        {'actor': {'mbox': 'mailto:ada@rules.example'}, 'verb': {'id': '%s'},
         'object': {'id': '%s', 'definition': {'type': 'http://adlnet.gov/expapi/activities/module'}},
         'context': {'registration': '6f1c0c8e-0000-4000-8000-00000000000a',
                     'contextActivities': {'grouping': [{'id': '%s'}]},
                     'extensions': {'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': 0.8}}
         %s}""").formatted(verb, AU, COURSE, extra).replace("'", "\"")));
  }

  private static final String PASSED = "http://adlnet.gov/expapi/verbs/passed";

  @Test
  void cmi5DefaultsCountPassedAndCompletedForAndFailedAgainst() {
    Rule rule = rules("{'rules': [{'id': 'r', 'competency': 'T.1', 'level': 2, 'activity': '" + COURSE + "'}]}").rules().get(0);
    assertThat(rule.match(statement(PASSED, ", 'result': {'success': true, 'score': {'scaled': 0.85}}"))).isTrue();
    assertThat(rule.match(statement("http://adlnet.gov/expapi/verbs/completed", ", 'result': {'completion': true}"))).isTrue();
    assertThat(rule.match(statement("https://w3id.org/xapi/adl/verbs/satisfied", ""))).isTrue();
    assertThat(rule.match(statement("http://adlnet.gov/expapi/verbs/failed", ", 'result': {'success': false}"))).isFalse();
    assertThat(rule.match(statement("http://adlnet.gov/expapi/verbs/launched", ""))).isNull();
    // a pass below the cmi5 masteryScore, or one that says it did not succeed, is no evidence
    assertThat(rule.match(statement(PASSED, ", 'result': {'success': true, 'score': {'scaled': 0.7}}"))).isNull();
    assertThat(rule.match(statement(PASSED, ", 'result': {'success': false}"))).isNull();
  }

  @Test
  void activityTypeContextAndResultConditions() {
    RuleSet set = rules("""
        {'rules': [
          {'id': 'a', 'competency': 'T.1', 'level': 'Advanced', 'verbs': ['%s'], 'activity': '%s*',
           'activityType': 'http://adlnet.gov/expapi/activities/module', 'result': {'scaled': 0.9}},
          {'id': 'b', 'competency': 'T.1', 'level': 1, 'verbs': ['%s'], 'context': {'instructor': true}},
          {'id': 'c', 'competency': 'T.1', 'level': 1, 'verbs': ['%s'],
           'context': {'registration': '6f1c0c8e-0000-4000-8000-00000000000a',
                       'extensions': {'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': 0.8}}},
          {'id': 'd', 'competency': 'T.1', 'level': 1, 'verbs': ['%s'], 'context': {'category': 'https://x.example/cat'}}
        ]}""".formatted(PASSED, COURSE, PASSED, PASSED, PASSED));
    assertThat(set.rule("a").level()).isEqualTo(3);
    StatementView high = statement(PASSED, ", 'result': {'score': {'scaled': 0.95}}");
    StatementView low = statement(PASSED, ", 'result': {'score': {'scaled': 0.85}}");
    assertThat(set.rule("a").match(high)).isTrue();
    assertThat(set.rule("a").match(low)).isNull();
    assertThat(set.rule("b").match(high)).isNull();
    assertThat(set.rule("c").match(high)).isTrue();
    assertThat(set.rule("d").match(high)).isNull();
  }

  @Test
  void selfAssertedIsTheLearnersOwnAuthorityWithoutAnInstructor() {
    String self = ", 'authority': {'objectType': 'Group', 'member': [{'account': {'homePage': 'https://app.example', "
        + "'name': 'app'}}, {'mbox': 'mailto:ada@rules.example'}]}";
    assertThat(statement(PASSED, self).selfAsserted()).isTrue();
    assertThat(statement(PASSED, ", 'authority': {'mbox': 'mailto:ada@rules.example'}").selfAsserted()).isTrue();
    assertThat(statement(PASSED, ", 'authority': {'mbox': 'mailto:lms@rules.example'}").selfAsserted()).isFalse();
  }

  @Test
  void badRulesNameTheRule() {
    assertThatThrownBy(() -> rules("{'rules': [{'id': 'x', 'competency': 'nope', 'level': 1}]}"))
        .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("rule x").hasMessageContaining("'nope'");
    assertThatThrownBy(() -> rules("{'rules': [{'id': 'x', 'competency': 'T.1', 'level': 'Wizard'}]}"))
        .hasMessageContaining("Wizard").hasMessageContaining("Practitioner");
    assertThatThrownBy(() -> rules("{'rules': [{'id': 'x', 'competency': 'T.1', 'level': 9}]}"))
        .hasMessageContaining("outside 1..4");
    assertThatThrownBy(() -> rules("{'rollup': {'default': 'most'}, 'rules': [{'id': 'x', 'competency': 'T.1', 'level': 1}]}"))
        .hasMessageContaining("Rollup mode");
  }

  @Test
  void theSampleRulesParse() {
    ObjectNode json = DATA.rules();
    RuleSet set = RuleSet.parse(json, FRAMEWORK, 1);
    assertThat(set.rules()).hasSize(10);
    assertThat(set.rollupOf(DATA.item("T")).mode()).isEqualTo("atLeast");
  }
}
