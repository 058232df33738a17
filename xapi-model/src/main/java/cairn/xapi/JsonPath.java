package cairn.xapi;

/**
 * A location inside a statement, built as the validator descends. Each step is one small object;
 * the text form ({@code $.context.contextActivities.parent[0].id}) is only assembled when a rule
 * fails, so valid statements never pay for string building.
 */
final class JsonPath {
  static final JsonPath ROOT = new JsonPath(null, null, -1);

  private final JsonPath parent;
  private final String field;
  private final int index;

  private JsonPath(JsonPath parent, String field, int index) {
    this.parent = parent;
    this.field = field;
    this.index = index;
  }

  JsonPath field(String name) {
    return new JsonPath(this, name, -1);
  }

  JsonPath index(int i) {
    return new JsonPath(this, null, i);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    append(sb);
    return sb.toString();
  }

  private void append(StringBuilder sb) {
    if (parent == null) {
      sb.append('$');
      return;
    }
    parent.append(sb);
    if (field == null) {
      sb.append('[').append(index).append(']');
    } else if (isSimpleName(field)) {
      sb.append('.').append(field);
    } else {
      // IRIs (extension keys) and language tags need the bracket form to stay unambiguous.
      sb.append("['").append(field.replace("\\", "\\\\").replace("'", "\\'")).append("']");
    }
  }

  private static boolean isSimpleName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
