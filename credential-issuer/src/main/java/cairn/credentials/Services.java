package cairn.credentials;

import cairn.credentials.clr.Transcripts;
import cairn.credentials.issuing.Issuance;
import cairn.credentials.issuing.OutboxWorker;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.oid4vci.WalletOffers;
import cairn.credentials.profiles.Profiles;
import cairn.credentials.sharing.Shares;
import cairn.credentials.status.StatusLists;
import cairn.credentials.verify.Verifier;
import io.vertx.sqlclient.Pool;

/** The issuer's parts, wired once: what {@link IssuerRoutes} and {@link IssuerVerticle} are made of. */
final class Services {
  final KeyRing keys;
  final Profiles profiles;
  final StatusLists status;
  final Issuance issuance;
  final Verifier verifier;
  final Shares shares;
  final OutboxWorker worker;
  final WalletOffers offers;
  final Transcripts transcripts;

  Services(Pool pool, IssuerOptions options) {
    keys = new KeyRing(pool, options);
    profiles = new Profiles(pool, options);
    status = new StatusLists(pool, options, keys, profiles);
    issuance = new Issuance(keys, profiles, status, options);
    verifier = new Verifier(keys, status, options);
    shares = new Shares(pool, options);
    worker = new OutboxWorker(pool, issuance, status, options);
    offers = new WalletOffers(pool, options, keys);
    transcripts = new Transcripts(pool, keys, profiles, options);
  }
}
