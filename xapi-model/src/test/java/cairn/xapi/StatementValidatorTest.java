package cairn.xapi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementValidatorTest {
  private static final String SHA2 =
      "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a";
  private static final String AGENT_B = "{'mbox':'mailto:b@example.com'}";
  private static final String AGENT_C = "{'mbox':'mailto:c@example.com'}";
  private static final String SUB = "{'objectType':'SubStatement','actor':" + AGENT_B
      + ",'verb':{'id':'http://example.com/v'},'object':{'id':'http://example.com/a'}";
  private static final String REF =
      "{'objectType':'StatementRef','id':'fd41c918-b88b-4b20-a0a5-a4c32391aaa0'}";

  /**
   * Applies edits {@code path -> json}, separated by {@code &&}; {@code -} as the value removes.
   * Placeholders: SHA2, AGENT_B, AGENT_C, SUB (an open SubStatement: append fields and "}"), REF.
   */
  private static ObjectNode edited(String edits, ObjectNode statement) {
    for (String edit : edits.split("&&")) {
      String[] kv = edit.split("->", 2);
      String value = kv[1].trim()
          .replace("SHA2", SHA2).replace("AGENT_B", AGENT_B).replace("AGENT_C", AGENT_C)
          .replace("SUB", SUB).replace("REF", REF);
      Statements.with(statement, kv[0].trim(), value.equals("-") ? null : value);
    }
    return statement;
  }

  private static void rejects(XapiVersion version, String edits, String path, String message) {
    ObjectNode statement = edited(edits, Statements.valid());
    assertThatThrownBy(() -> StatementValidator.validate(statement, version))
        .isInstanceOfSatisfying(InvalidStatementException.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.path()).isEqualTo(path);
          org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(message);
        });
  }

  private static void accepts(XapiVersion version, String edits) {
    ObjectNode statement = edited(edits, Statements.valid());
    assertThatCode(() -> StatementValidator.validate(statement, version))
        .doesNotThrowAnyException();
  }

  @Test
  void theBaseStatementIsValidInBothVersions() {
    assertThatCode(() -> StatementValidator.validate(Statements.valid(), XapiVersion.V1_0_3))
        .doesNotThrowAnyException();
    assertThatCode(() -> StatementValidator.validate(Statements.valid(), XapiVersion.V2_0_0))
        .doesNotThrowAnyException();
  }

  @Test
  void aStatementMustBeAnObject() {
    assertThatThrownBy(() -> StatementValidator.validate(Statements.value("[]"),
        XapiVersion.V1_0_3)).isInstanceOfSatisfying(InvalidStatementException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.path()).isEqualTo("$"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      id -> 'fd41c918-b88b-4b20-a0a5-a4c32391aaa'          | $.id                    | UUID
      id -> 'fd41c918b88b4b20a0a5a4c32391aaa0'             | $.id                    | UUID
      id -> 42                                             | $.id                    | must be a string
      Id -> 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0'         | $.Id                    | has no property
      actor -> -                                           | $.actor                 | must have the "actor"
      actor.name -> null                                   | $.actor.name            | must not be null
      actor.objectType -> 'agent'                          | $.actor.objectType      | case-sensitive
      actor.mbox -> 'ann@example.com'                      | $.actor.mbox            | mailto
      actor.mbox_sha1sum -> 'cd9b00a5611f94eaa7b1661edab976068e364975' | $.actor   | exactly one
      actor.mbox -> - && actor.mbox_sha1sum -> 'cd9b00a5'  | $.actor.mbox_sha1sum    | 40 hex
      actor.mbox -> -                                      | $.actor                 | exactly one
      actor.mbox -> - && actor.openid -> 'openid.example.com/ann' | $.actor.openid   | absolute IRI
      actor.mbox -> - && actor.account -> {'homePage':'http://example.com'} | $.actor.account.name | "name"
      actor.mbox -> - && actor.account -> {'homePage':'example.com','name':'ann'} | $.actor.account.homePage | IRI
      actor.mbox -> - && actor.account -> {'homepage':'http://example.com','name':'a'} | $.actor.account.homepage | has no property
      actor -> {'objectType':'Group'}                      | $.actor.member          | anonymous Group
      actor -> {'objectType':'Group','member':[]}          | $.actor.member          | at least one
      actor -> {'objectType':'Group','member':{}}          | $.actor.member          | JSON array
      actor -> {'objectType':'Group','member':[{'objectType':'Group','mbox':'mailto:g@example.com'}]} | $.actor.member[0].objectType | not a Group
      actor -> {'objectType':'Group','member':[{'name':'no ifi'}]} | $.actor.member[0] | exactly one
      actor -> {'objectType':'Group','mbox':'mailto:g@example.com','openid':'http://example.com/g'} | $.actor | at most one
      actor -> {'mbox':'mailto:g@example.com','member':[AGENT_B]} | $.actor.member    | has no property
      verb.id -> 'attended'                                | $.verb.id               | absolute IRI
      verb.display -> {'englishes':'attended'}             | $.verb.display.englishes | language map key
      verb.display -> {'en':'x','en_US':'y'}               | $.verb.display.en_US    | RFC 5646
      verb.display -> {'en':5}                             | $.verb.display.en       | must be a string
      verb.display -> 'attended'                           | $.verb.display          | JSON object
      verb.id -> -                                         | $.verb.id               | must have the "id"
      object.objectType -> 'activity'                      | $.object.objectType     | case-sensitive
      object.id -> 'meetings/1'                            | $.object.id             | absolute IRI
      object.id -> 'http://example.com/a b'                | $.object.id             | absolute IRI
      object.definition.moreInfo -> 'example.com'          | $.object.definition.moreInfo | IRL
      object.definition.type -> 'meeting'                  | $.object.definition.type | IRI
      object.definition.name -> {'en': null}               | $.object.definition.name.en | must be a string
      object.definition.interactionType -> 'essay'         | $.object.definition.interactionType | one of
      object.definition.interactionType -> 'Choice'        | $.object.definition.interactionType | one of
      object.definition.correctResponsesPattern -> ['a']   | $.object.definition.interactionType | must have an interactionType
      object.definition.choices -> [{'id':'a'}]            | $.object.definition.interactionType | must have an interactionType
      object.definition -> {'interactionType':'choice','choices':[{'id':'a'},{'id':'a'}]} | $.object.definition.choices[1].id | distinct
      object.definition -> {'interactionType':'choice','choices':[{'description':{'en':'x'}}]} | $.object.definition.choices[0].id | "id"
      object.definition -> {'interactionType':'likert','scale':[{'id':'a','label':'x'}]} | $.object.definition.scale[0].label | has no property
      object.definition -> {'interactionType':'choice','correctResponsesPattern':'a'} | $.object.definition.correctResponsesPattern | JSON array
      object.definition -> {'interactionType':'choice','correctResponsesPattern':[1]} | $.object.definition.correctResponsesPattern[0] | string
      object.definition.extensions -> {'color':1}          | $.object.definition.extensions.color | IRI
      object.definition.Name -> {'en':'x'}                 | $.object.definition.Name | has no property
      object -> {'mbox':'mailto:b@example.com'}            | $.object.mbox           | has no property
      object -> {'objectType':'Agent','name':'b'}          | $.object                | exactly one
      object -> {'objectType':'StatementRef','id':'nope'}  | $.object.id             | UUID
      object -> {'objectType':'StatementRef'}              | $.object.id             | "id"
      object -> {'objectType':'Statement'}                 | $.object.objectType     | one of
      object -> SUB,'id':'fd41c918-b88b-4b20-a0a5-a4c32391aaa0'} | $.object.id       | must not have "id"
      object -> SUB,'stored':'2013-05-18T05:32:34Z'}       | $.object.stored         | must not have "stored"
      object -> SUB,'version':'1.0.0'}                     | $.object.version        | must not have "version"
      object -> SUB,'authority':AGENT_C}                   | $.object.authority      | must not have "authority"
      object -> SUB,'object':SUB}}                         | $.object.object.objectType | cannot contain a SubStatement
      object -> SUB,'timestamp':'noon'}                    | $.object.timestamp      | ISO 8601
      object -> SUB,'context':{'contextActivities':{'parent':{'id':'x'}}}} | $.object.context.contextActivities.parent.id | IRI
      result.score -> {'scaled':1.5}                       | $.result.score.scaled   | between -1 and 1
      result.score -> {'scaled':'0.5'}                     | $.result.score.scaled   | number
      result.score -> {'raw':5,'min':10,'max':20}          | $.result.score.raw      | between min and max
      result.score -> {'raw':25,'max':20}                  | $.result.score.raw      | between min and max
      result.score -> {'min':10,'max':5}                   | $.result.score.min      | greater than max
      result.success -> 'true'                             | $.result.success        | true or false
      result.completion -> 1                               | $.result.completion     | true or false
      result.response -> 42                                | $.result.response       | string
      result.duration -> 'P4W1D'                           | $.result.duration       | ISO 8601 duration
      result.duration -> 'PT'                              | $.result.duration       | ISO 8601 duration
      result.extensions -> {'score':1}                     | $.result.extensions.score | IRI
      result.Success -> true                               | $.result.Success        | has no property
      context.registration -> 'x'                          | $.context.registration  | UUID
      context.instructor -> {'name':'no ifi'}              | $.context.instructor    | exactly one
      context.team -> {'mbox':'mailto:t@example.com'}      | $.context.team.objectType | must be a Group
      context.contextActivities -> {'parent':'http://example.com/a'} | $.context.contextActivities.parent | Activity or an array
      context.contextActivities -> {'parents':[]}          | $.context.contextActivities.parents | has no property
      context.contextActivities -> {'parent':[{'objectType':'Activity','id':'x'}]} | $.context.contextActivities.parent[0].id | IRI
      context.contextActivities -> {'parent':[{'objectType':'Agent','id':'http://example.com/a'}]} | $.context.contextActivities.parent[0].objectType | "Activity"
      context.language -> 'en_US'                          | $.context.language      | RFC 5646
      context.statement -> {'id':'fd41c918-b88b-4b20-a0a5-a4c32391aaa0'} | $.context.statement.objectType | StatementRef
      object -> REF && context.revision -> 'r1'            | $.context.revision      | only allowed when the object is an Activity
      object -> AGENT_B && object.objectType -> 'Agent' && context.platform -> 'p' | $.context.platform | only allowed
      context.revision -> 3                                | $.context.revision      | string
      context.extensions -> {'http://example.com/x':null,'y':1} | $.context.extensions.y | IRI
      context.contextAgents -> []                          | $.context.contextAgents | has no property
      timestamp -> '2013-05-18T05:32:34.804-00:00'         | $.timestamp             | ISO 8601
      timestamp -> '2013-05-18T05:32:34.804-0000'          | $.timestamp             | ISO 8601
      timestamp -> '2013-05-18T05:32:34.804-00'            | $.timestamp             | ISO 8601
      timestamp -> '2013-13-18T05:32:34Z'                  | $.timestamp             | ISO 8601
      timestamp -> '2013-02-30T05:32:34Z'                  | $.timestamp             | ISO 8601
      timestamp -> '05/18/2013'                            | $.timestamp             | ISO 8601
      timestamp -> 1368855154                              | $.timestamp             | string
      stored -> 'yesterday'                                | $.stored                | ISO 8601
      version -> '1.1.0'                                   | $.version               | 1.0.x
      version -> '2.0.0'                                   | $.version               | 1.0 or 1.0.x
      version -> '1.0.'                                    | $.version               | 1.0.x
      version -> 1.0                                       | $.version               | string
      authority -> {'objectType':'Group','member':[AGENT_B]} | $.authority.member    | exactly two
      authority -> {'objectType':'Group','member':[AGENT_B,AGENT_C,{'mbox':'mailto:d@example.com'}]} | $.authority.member | exactly two
      authority -> {'objectType':'Group','mbox':'mailto:g@example.com','member':[AGENT_B,AGENT_C]} | $.authority | anonymous Group
      authority -> {'name':'no ifi'}                       | $.authority             | exactly one
      attachments -> {}                                    | $.attachments           | JSON array
      attachments -> [{'usageType':'http://example.com/u','display':{'en':'x'},'contentType':'text/plain','length':1.5,'sha2':'SHA2'}] | $.attachments[0].length | integer
      attachments -> [{'usageType':'http://example.com/u','display':{'en':'x'},'contentType':'text','length':1,'sha2':'SHA2'}] | $.attachments[0].contentType | media type
      attachments -> [{'usageType':'http://example.com/u','contentType':'text/plain','length':1,'sha2':'SHA2'}] | $.attachments[0].display | "display"
      attachments -> [{'usageType':'u','display':{'en':'x'},'contentType':'text/plain','length':1,'sha2':'SHA2'}] | $.attachments[0].usageType | IRI
      attachments -> [{'usageType':'http://example.com/u','display':{'en':'x'},'contentType':'text/plain','length':1,'sha2':'xyz'}] | $.attachments[0].sha2 | SHA-2
      attachments -> [{'usageType':'http://example.com/u','display':{'en':'x'},'contentType':'text/plain','length':1,'sha2':'SHA2','fileUrl':'file.txt'}] | $.attachments[0].fileUrl | IRL
      verb.id -> 'http://adlnet.gov/expapi/verbs/voided'   | $.object.objectType     | StatementRef object
      objectType -> 'Statement'                            | $.objectType            | has no property
      """)
  void rejects(String edits, String path, String message) {
    rejects(XapiVersion.V1_0_3, edits, path, message);
    if (!edits.contains("contextAgents") && !edits.contains("'2.0.0'")) {
      rejects(XapiVersion.V2_0_0, edits, path, message);
    }
  }

  @ParameterizedTest(name = "accepts {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      id -> 'FD41C918-B88B-4B20-A0A5-A4C32391AAA0'
      id -> '00000000-0000-0000-0000-000000000000'
      id -> -
      actor.objectType -> -
      actor.mbox -> - && actor.mbox_sha1sum -> 'CD9B00A5611F94EAA7B1661EDAB976068E364975'
      actor.mbox -> - && actor.openid -> 'http://openid.example.com/ann'
      actor.mbox -> - && actor.account -> {'homePage':'http://example.com','name':'ann'}
      actor -> {'objectType':'Group','member':[AGENT_B,{'objectType':'Agent','mbox':'mailto:c@example.com'}]}
      actor -> {'objectType':'Group','name':'team','mbox':'mailto:g@example.com'}
      actor -> {'objectType':'Group','mbox':'mailto:g@example.com','member':[]}
      verb.display -> -
      verb.display -> {'zh-Hant-TW':'x','sr-Latn-RS':'y','de-CH-1996':'z','x-private':'p','i-klingon':'k','es-419':'e','cmn':'c'}
      object.objectType -> -
      object.definition -> -
      object.definition -> {'interactionType':'choice','correctResponsesPattern':['a[,]b'],'choices':[{'id':'a','description':{'en':'A'}},{'id':'b'}]}
      object.definition -> {'interactionType':'matching','correctResponsesPattern':[],'source':[{'id':'a'}],'target':[{'id':'1'}]}
      object.definition -> {'interactionType':'other'}
      object.definition.extensions -> {'http://example.com/x':null,'http://example.com/y':'','urn:z':{}}
      object -> AGENT_B && object.objectType -> 'Agent'
      object -> {'objectType':'Group','member':[AGENT_B]}
      object -> REF
      object -> REF && verb.id -> 'http://adlnet.gov/expapi/verbs/voided'
      object -> SUB,'timestamp':'2013-05-18T05:32:34Z','result':{'success':true},'context':{'contextActivities':{'parent':{'id':'http://example.com/p'}}},'attachments':[]}
      result -> {'score':{'scaled':-1,'raw':0,'min':0,'max':0},'success':false,'completion':true,'response':'','duration':'PT4H35M59.14S'}
      result.duration -> 'P4W'
      result.duration -> 'P1DT12H36M0.12567S'
      result.duration -> 'P3Y1M29DT4H35M59.14S'
      result.extensions -> {}
      context -> {'registration':'ec531277-b57b-4c15-8d91-d292c5b2b8f7','instructor':AGENT_B,'team':{'objectType':'Group','member':[AGENT_C]},'revision':'r1','platform':'web','language':'fr-CA','statement':REF,'extensions':{'http://example.com/e':null}}
      context.contextActivities -> {'parent':{'id':'http://example.com/p'},'grouping':[{'objectType':'Activity','id':'http://example.com/g'}],'category':[],'other':[]}
      context.instructor -> {'objectType':'Group','mbox':'mailto:g@example.com'}
      timestamp -> '2013-05-18T05:32:34Z'
      timestamp -> '2013-05-18T05:32:34.123456789+05:30'
      timestamp -> '2013-05-18T05:32:34+0530'
      timestamp -> '2013-05-18T05:32:34-05'
      timestamp -> '20130518T053234.5Z'
      timestamp -> '2013-05-18T05:32:34'
      timestamp -> '2031-01-01T00:00:00.000Z'
      stored -> '2011-07-15T04:00:00.000Z'
      version -> '1.0'
      version -> '1.0.3'
      version -> '1.0.99'
      authority -> AGENT_B
      authority -> {'objectType':'Group','member':[AGENT_B,{'mbox':'mailto:app@example.com'}]}
      attachments -> [{'usageType':'http://example.com/u','display':{'en-US':'x'},'description':{'es-MX':'y'},'contentType':'text/plain; charset=ascii','length':27,'sha2':'SHA2','fileUrl':'http://example.com/f.txt'}]
      """)
  void accepts(String edits) {
    accepts(XapiVersion.V1_0_3, edits);
    accepts(XapiVersion.V2_0_0, edits);
  }

  @Nested
  class Version2 {
    private static final String CONTEXT_AGENT = "{'objectType':'contextAgent','agent':AGENT_B,"
        + "'relevantTypes':['http://example.com/types/coach']}";
    private static final String CONTEXT_GROUP = "{'objectType':'contextGroup','group':"
        + "{'objectType':'Group','member':[AGENT_C]},'relevantTypes':['http://example.com/t']}";

    @Test
    void acceptsContextAgentsAndGroups() {
      accepts(XapiVersion.V2_0_0, "context.contextAgents -> [" + CONTEXT_AGENT
          + "] && context.contextGroups -> [" + CONTEXT_GROUP + "]");
      accepts(XapiVersion.V2_0_0, "context.contextAgents -> [{'objectType':'contextAgent',"
          + "'agent':AGENT_B}]");
    }

    @Test
    void acceptsVersion2Statements() {
      accepts(XapiVersion.V2_0_0, "version -> '2.0.0'");
      accepts(XapiVersion.V2_0_0, "version -> '2.0'");
      accepts(XapiVersion.V2_0_0, "version -> '1.0.3'");
    }

    @ParameterizedTest(name = "rejects {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        context.contextAgents -> {}                                         | $.context.contextAgents | JSON array
        context.contextAgents -> [{'objectType':'ContextAgent','agent':AGENT_B}] | $.context.contextAgents[0].objectType | "contextAgent"
        context.contextAgents -> [{'agent':AGENT_B}]                        | $.context.contextAgents[0].objectType | "objectType"
        context.contextAgents -> [{'objectType':'contextAgent'}]            | $.context.contextAgents[0].agent | "agent"
        context.contextAgents -> [{'objectType':'contextAgent','agent':{'objectType':'Group','mbox':'mailto:g@example.com'}}] | $.context.contextAgents[0].agent.objectType | must be an Agent
        context.contextAgents -> [{'objectType':'contextAgent','agent':AGENT_B,'relevantTypes':[]}] | $.context.contextAgents[0].relevantTypes | not be empty
        context.contextAgents -> [{'objectType':'contextAgent','agent':AGENT_B,'relevantTypes':['abc']}] | $.context.contextAgents[0].relevantTypes[0] | IRI
        context.contextGroups -> [{'objectType':'contextGroup','group':AGENT_B}] | $.context.contextGroups[0].group.objectType | must be a Group
        context.contextGroups -> [{'objectType':'contextGroup','group':{'objectType':'Group','member':[AGENT_C]},'relevantTypes':[]}] | $.context.contextGroups[0].relevantTypes | not be empty
        version -> '2.1.0'                                                  | $.version | 2.0 or 2.0.x
        """)
    void rejects(String edits, String path, String message) {
      StatementValidatorTest.rejects(XapiVersion.V2_0_0, edits, path, message);
    }
  }
}
