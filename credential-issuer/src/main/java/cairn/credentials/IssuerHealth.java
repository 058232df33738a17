package cairn.credentials;

import cairn.credentials.issuing.OutboxWorker;
import cairn.credentials.keys.KeyRing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * What operators ask of the issuer, from any node whether it runs the issuer or not: can its signing
 * keys be opened with this process's key secret, and how many credentials wait in the outbox. Reads
 * only: never generates a key nor claims a request.
 */
public final class IssuerHealth {
  private final KeyRing keys;
  private final OutboxWorker outbox;

  public IssuerHealth(Pool pool, IssuerOptions options) {
    Services services = new Services(pool, options);
    this.keys = services.keys;
    this.outbox = services.worker;
  }

  /**
   * Succeeds when every signing algorithm has an active key and it decrypts; fails with a
   * {@link cairn.credentials.keys.KeyException} saying which is not so (never with key material).
   */
  public Future<Void> keysUsable(Vertx vertx) {
    return keys.usable(vertx);
  }

  /** Issuance requests waiting for a credential, counted up to {@link OutboxWorker#WAITING_LIMIT}. */
  public Future<Long> outboxWaiting() {
    return outbox.waiting();
  }
}
