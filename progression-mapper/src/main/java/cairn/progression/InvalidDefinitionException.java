package cairn.progression;

import cairn.web.ApiException;

/**
 * A framework, rule set, ladder or directory entry that cannot be accepted: a 400 whose message
 * names the offending item and whose path points at it (a JSON path into the request body).
 * The progression mapper's root failure; rendered as {@code application/problem+json}.
 */
public class InvalidDefinitionException extends ApiException {
  public InvalidDefinitionException(String message, String path) {
    super(400, message, path);
  }
}
