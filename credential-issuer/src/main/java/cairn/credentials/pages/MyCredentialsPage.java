package cairn.credentials.pages;

import cairn.credentials.issuing.BadgeRoutes;
import cairn.web.pages.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model of {@code my-credentials.jte}: a card per credential, newest first, with its share links,
 * and the share link just made (shown once: only its digest is stored, so the page cannot show the
 * link again later).
 */
public record MyCredentialsPage(List<Card> cards, NewShare newShare, WalletOffer walletOffer, String csrfField,
    String csrfToken) {

  /** One credential as its holder sees it. */
  public record Card(String id, String name, String description, String issuer, String imageUrl, String badgeSvg,
      String status, String statusClass, String statusDetail, String issued, String expires, List<ShareLine> shares) {
    public boolean active() {
      return "active".equals(statusClass);
    }
  }

  /** A share link of a credential: made when, opened how often and when last, revoked when. */
  public record ShareLine(String id, String created, String opened, String revoked, boolean indexable) {}

  /** The link just made: to copy, as a QR code, and to add to LinkedIn. */
  public record NewShare(String credentialId, String name, String url, String qrSvg, String linkedIn) {}

  /**
   * The wallet offer just made (OpenID4VCI): the {@code openid-credential-offer://} link, as a QR code
   * too, the offer's URI, the transaction code the wallet asks for, and until when (UTC) it works.
   */
  public record WalletOffer(String credentialId, String name, String link, String offerUri, String qrSvg, String txCode,
      String expires) {}

  static MyCredentialsPage of(RowSet<Row> credentials, ArrayNode shareList, String[] flash, String[] offer,
      Function<String, String> urlOfToken, String csrfField, String csrfToken) {
    Map<String, List<ShareLine>> sharesOf = new LinkedHashMap<>();
    for (JsonNode s : shareList) {
      String credential = s.path("credential").asText().replaceFirst("^urn:uuid:", "");
      String opened = s.path("opened").asInt() == 0 ? Text.get("myCredentials.share.notOpened")
          : Text.get("myCredentials.share.opened", s.path("opened").asInt(),
              CredentialView.date(s.path("lastOpened").asText(null)));
      sharesOf.computeIfAbsent(credential, k -> new ArrayList<>()).add(new ShareLine(s.path("id").asText(),
          CredentialView.date(s.path("created").asText()), opened, CredentialView.date(s.path("revoked").asText(null)),
          s.path("indexable").asBoolean()));
    }
    List<Card> cards = new ArrayList<>();
    NewShare newShare = null;
    WalletOffer walletOffer = null;
    for (Row row : credentials) {
      ObjectNode summary = BadgeRoutes.summary(row);
      JsonNode vc = BadgeRoutes.credential(row);
      String id = row.getUUID("id").toString();
      JsonNode achievement = vc.path("credentialSubject").path("achievement");
      String name = achievement.path("name").asText(summary.path("name").asText());
      JsonNode issuerNode = vc.path("issuer");
      String issuer = issuerNode.isTextual() ? issuerNode.asText() : issuerNode.path("name").asText("");
      JsonNode image = achievement.path("image");
      String imageUrl = image.isTextual() ? image.asText() : image.path("id").asText(null);
      if (imageUrl != null && !(imageUrl.startsWith("https://") || imageUrl.startsWith("data:image/"))) {
        imageUrl = null;
      }
      String ladder = row.getString("ladder_id") != null ? row.getString("ladder_id")
          : CredentialView.ladderOf(row.getString("achievement_id"));
      JsonNode status = summary.path("status");
      String state = status.path("status").asText("active");
      Instant until = row.getOffsetDateTime("valid_until") == null ? null : row.getOffsetDateTime("valid_until").toInstant();
      if ("active".equals(state) && until != null && until.isBefore(Instant.now())) {
        state = "expired";
      }
      String detail = switch (state) {
        case "revoked" -> Text.get("myCredentials.revokedDetail", CredentialView.date(status.path("revoked").asText()),
            status.path("reason").asText(""));
        case "suspended" -> Text.get("myCredentials.suspendedDetail",
            CredentialView.date(status.path("suspended").asText()), status.path("reason").asText(""));
        default -> null;
      };
      cards.add(new Card(id, name, achievement.path("description").asText(""), issuer, imageUrl,
          imageUrl == null ? BadgeImage.svg(name, issuer, ladder, id) : null, Text.get("myCredentials.status." + state),
          state, detail, CredentialView.date(row.getOffsetDateTime("issued").toInstant()), CredentialView.date(until),
          sharesOf.getOrDefault(id, List.of())));
      if (flash != null && flash.length == 2 && flash[1].equals(id)) {
        String url = urlOfToken.apply(flash[0]);
        newShare = new NewShare(id, name, url, QrCode.svg(url, Text.get("myCredentials.qr", name)),
            linkedIn(name, issuer, row.getOffsetDateTime("issued").toInstant(), until, url, vc.path("id").asText(id)));
      }
      if (offer != null && offer.length == 5 && offer[0].equals(id)) {
        String expires = java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC)
            .format(Instant.parse(offer[4]));
        walletOffer = new WalletOffer(id, name, offer[1], offer[2], QrCode.svg(offer[1], Text.get("myCredentials.offer.qr", name)),
            offer[3], expires);
      }
    }
    java.util.Collections.reverse(cards);
    return new MyCredentialsPage(cards, newShare, walletOffer, csrfField, csrfToken);
  }

  /**
   * LinkedIn's "Add to profile" link for a certification: its name, the issuing organisation, the
   * month it was issued (and expires), the page that shows it (certUrl) and its id (certId), each
   * URL-encoded.
   */
  static String linkedIn(String name, String organisation, Instant issued, Instant expires, String url, String certId) {
    ZonedDateTime at = issued.atZone(ZoneOffset.UTC);
    StringBuilder link = new StringBuilder("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME")
        .append("&name=").append(enc(name))
        .append("&organizationName=").append(enc(organisation))
        .append("&issueYear=").append(at.getYear())
        .append("&issueMonth=").append(at.getMonthValue());
    if (expires != null) {
      ZonedDateTime until = expires.atZone(ZoneOffset.UTC);
      link.append("&expirationYear=").append(until.getYear()).append("&expirationMonth=").append(until.getMonthValue());
    }
    return link.append("&certUrl=").append(enc(url)).append("&certId=").append(enc(certId)).toString();
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
