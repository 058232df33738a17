package cairn.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XapiFormatsTest {
  @ParameterizedTest
  @ValueSource(strings = {"en", "en-US", "zh-Hant-TW", "sr-Latn-RS", "de-CH-1996", "es-419",
      "cmn", "ase", "x-private", "i-klingon", "en-GB-oed", "zh-min-nan", "en-a-bbb-x-a-ccc",
      "art-lojban", "EN-us"})
  void wellFormedLanguageTags(String tag) {
    assertThat(XapiFormats.isLanguageTag(tag)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "something", "en-something-AU", "s-something", "zh-something-ccc",
      "zh-z-aaa-z-bbb-c-ccc", "en_US", "en-", "-en", "en--US", "x", "de-1996-1996", "a12345678",
      "en-a", "i-notregistered"})
  void malformedLanguageTags(String tag) {
    assertThat(XapiFormats.isLanguageTag(tag)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com", "urn:uuid:1", "mailto:a@b.c", "tag:x,2020:y",
      "https://example.com/p?q=1#f", "a+b-c.d:x"})
  void iris(String iri) {
    assertThat(XapiFormats.isIri(iri)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "example.com/x", "ab=c://should.fail.com", ":x", "http:",
      "1http://x", "http://a b", "http://x<y>"})
  void notIris(String iri) {
    assertThat(XapiFormats.isIri(iri)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"P1Y", "P4W", "PT0S", "PT4H35M59.14S", "PT16559.14S",
      "P3Y1M29DT4H35M59.14S", "P1DT12H36M0.12567S", "P0,5D"})
  void durations(String d) {
    assertThat(XapiFormats.isDuration(d)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"P", "PT", "P4W1D", "PA1H0M0S", "1Y", "P1S", "PT1Y", "P1YT",
      "P0001-02-03T04:05:06"})
  void notDurations(String d) {
    assertThat(XapiFormats.isDuration(d)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mailto:a@example.com", "mailto:first.last+tag@sub.example.org"})
  void mailtoIris(String m) {
    assertThat(XapiFormats.isMailtoIri(m)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a@example.com", "mailto:", "mailto:@example.com", "mailto:a@",
      "mailto:a b@example.com", "MAILTO:a@example.com", "mailto:a@b@c"})
  void notMailtoIris(String m) {
    assertThat(XapiFormats.isMailtoIri(m)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "text/plain; charset=ascii", "application/ld+json",
      "image/svg+xml"})
  void mimeTypes(String t) {
    assertThat(XapiFormats.isMimeType(t)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "/plain", "text/", "text plain"})
  void notMimeTypes(String t) {
    assertThat(XapiFormats.isMimeType(t)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
      "FD41C918-B88B-4B20-A0A5-A4C32391AAA0", "00000000-0000-0000-0000-000000000000",
      "fd41c918-b88b-1b20-c0a5-a4c32391aaa0"})
  void uuids(String u) {
    assertThat(XapiFormats.isUuid(u)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fd41c918b88b4b20a0a5a4c32391aaa0",
      "{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}", "gd41c918-b88b-4b20-a0a5-a4c32391aaa0",
      "fd41c918-b88b-4b20-a0a5-a4c32391aaa00", "fd41c918_b88b-4b20-a0a5-a4c32391aaa0"})
  void notUuids(String u) {
    assertThat(XapiFormats.isUuid(u)).isFalse();
  }
}
