package cairn.credentials.oid4vci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.credentials.dataintegrity.Ed25519;
import cairn.credentials.dataintegrity.Multikey;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

/** did:key (Ed25519 and compressed P-256) and did:jwk read back to the keys they name; anything else refused. */
class HolderKeysTest {

  @Test
  void aCompressedP256DidKeyIsItsKeyWhicheverTheParityOfY() throws Exception {
    for (int i = 0; i < 20; i++) {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();
      byte[] x = key.getX().decode();
      byte[] y = key.getY().decode();
      byte[] multicodec = new byte[35];
      multicodec[0] = (byte) 0x80;
      multicodec[1] = 0x24;
      multicodec[2] = (byte) ((y[31] & 1) == 0 ? 2 : 3);
      System.arraycopy(x, 0, multicodec, 3, 32);
      String did = "did:key:z" + Multikey.base58(multicodec);
      assertThat(did).startsWith("did:key:zDn");
      ECKey read = (ECKey) HolderKeys.didKey(did);
      assertThat(read.getX()).isEqualTo(key.getX());
      assertThat(read.getY()).isEqualTo(key.getY());
    }
  }

  @Test
  void anEd25519DidKeyIsItsKey() {
    Ed25519.RawKeys keys = Ed25519.generate();
    JWK read = HolderKeys.didKey("did:key:" + Multikey.publicKey(keys.publicKey()));
    assertThat(((OctetKeyPair) read).getX().decode()).isEqualTo(keys.publicKey());
  }

  @Test
  void aDidJwkIsItsKeyAndAPrivateOneIsRefused() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    String did = HolderKeys.didJwk(key.toPublicJWK());
    assertThat(HolderKeys.fromDidJwk(did)).isEqualTo(key.toPublicJWK());
    String privateDid = "did:jwk:" + Base64URL.encode(key.toJSONString());
    assertThatThrownBy(() -> HolderKeys.fromDidJwk(privateDid)).hasMessageContaining("private");
    assertThatThrownBy(() -> HolderKeys.fromDidJwk("did:jwk:bm90IGpzb24")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void otherKeysAndGarbageAreRefusedWithAReason() {
    assertThatThrownBy(() -> HolderKeys.didKey("did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither");
    assertThatThrownBy(() -> HolderKeys.didKey("did:key:z0OIl")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HolderKeys.didKey("did:web:example.org")).isInstanceOf(IllegalArgumentException.class);
    byte[] offCurve = new byte[35];
    offCurve[0] = (byte) 0x80;
    offCurve[1] = 0x24;
    offCurve[2] = 2;
    offCurve[34] = 1; // x = 1: x³ - 3x + b has no square root mod p, so no point has it
    assertThatThrownBy(() -> HolderKeys.didKey("did:key:z" + Multikey.base58(offCurve)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("curve");
  }
}
