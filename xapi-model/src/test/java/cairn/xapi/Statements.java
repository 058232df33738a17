package cairn.xapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test statements: a valid base, edited with JSON snippets written with single quotes. */
final class Statements {
  static final ObjectMapper JSON = new ObjectMapper();

  private Statements() {}

  static ObjectNode valid() {
    return json("""
        {'id': 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
         'actor': {'objectType': 'Agent', 'name': 'Ann', 'mbox': 'mailto:ann@example.com'},
         'verb': {'id': 'http://adlnet.gov/expapi/verbs/attended', 'display': {'en-US': 'attended'}},
         'object': {'objectType': 'Activity', 'id': 'http://example.com/meetings/1',
           'definition': {'name': {'en-GB': 'meeting', 'de': 'Treffen'},
             'type': 'http://adlnet.gov/expapi/activities/meeting'}},
         'timestamp': '2013-05-18T05:32:34.804+00:00'}
        """);
  }

  /** Parses JSON written with single quotes (none of the test values contain one). */
  static ObjectNode json(String singleQuoted) {
    try {
      return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonNode value(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * Sets {@code dottedPath} (object fields only, created as needed) to {@code value} on a copy
   * of the valid statement; a {@code null} value removes the field.
   */
  static ObjectNode validWith(String dottedPath, String value) {
    return with(valid(), dottedPath, value);
  }

  static ObjectNode with(ObjectNode statement, String dottedPath, String value) {
    String[] parts = dottedPath.split("\\.");
    ObjectNode node = statement;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = node.get(parts[i]);
      node = next instanceof ObjectNode o ? o : node.putObject(parts[i]);
    }
    String last = parts[parts.length - 1];
    if (value == null) {
      node.remove(last);
    } else {
      node.set(last, value(value));
    }
    return statement;
  }
}
