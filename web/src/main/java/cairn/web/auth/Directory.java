package cairn.web.auth;

import cairn.web.ApiException;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Who a signed-in {@link Caller} is in the people directory: the directory's person id of the person
 * whose IFIs include one of the caller's. The progression mapper keeps the directory and implements
 * this; the application hands it to the features that serve "my" data keyed by person id (the
 * credential issuer), so that none of them reads another's tables or imports another feature.
 */
@FunctionalInterface
public interface Directory {
  /** The answer when the caller's IFIs name nobody in the directory. */
  String NOT_LINKED = "Your account is not linked to a person of the directory; ask an administrator to "
      + "import you into the people directory (POST /api/v1/people) with the identifier your account has "
      + "(GET /api/v1/me shows it).";

  /**
   * The id of the person whose IFIs ({@code cairn.xapi.Agents.ifiKey} form) include one of
   * {@code ifis}; empty when none does. A failed future (409) when they name more than one person.
   */
  Future<Optional<String>> personOf(List<String> ifis);

  /** The caller's person id; a failed future with a 404 ({@link #NOT_LINKED}) when there is none. */
  default Future<String> personOf(Caller caller) {
    if (caller.personIfis().isEmpty()) {
      return Future.failedFuture(ApiException.notFound(NOT_LINKED));
    }
    return personOf(caller.personIfis()).compose(person -> person.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ApiException.notFound(NOT_LINKED))));
  }
}
