// Verifies credentials with an embedded eddsa-rdfc-2022 proof the way the DCC's wallet and verifier do,
// with Digital Bazaar's libraries (@digitalbazaar/vc, data-integrity, eddsa-rdfc-2022-cryptosuite,
// ed25519-multikey, vc-bitstring-status-list) and no Cairn code.
//
//   node verify.mjs CONTEXTS.json CREDENTIAL.json…
//
// CONTEXTS.json maps each context URL to a local file (Cairn's own copies: nothing is fetched for a
// context, and an unknown one is refused). did:key is resolved by @digitalbazaar/did-method-key;
// did:web by reading the DID document over HTTP (did:web:localhost%3A8080 -> http://localhost:8080/
// .well-known/did.json: http rather than https, for a test server); status lists are fetched from their
// URL. Prints one JSON line per credential: {"file", "verified" (proof, dates and status list all
// checked), "proofVerified", "statusVerified" (the status list credential verified and read),
// "revoked" (a status bit is set: @digitalbazaar/vc reports it, as VerifierPlus shows it), "error"}.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as DidKey from '@digitalbazaar/did-method-key';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const [contextsFile, ...files] = process.argv.slice(2);
const contexts = JSON.parse(readFileSync(contextsFile, 'utf8'));

const didKey = DidKey.driver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

function didWebUrl(did) {
  const [host, ...path] = did.slice('did:web:'.length).split(':');
  const base = 'http://' + decodeURIComponent(host);
  return path.length === 0 ? base + '/.well-known/did.json' : base + '/' + path.join('/') + '/did.json';
}

async function documentLoader(url) {
  if (contexts[url]) {
    return {contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(contexts[url], 'utf8'))};
  }
  if (url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  if (url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    const response = await fetch(didWebUrl(did));
    if (!response.ok) {
      throw new Error(`DID document of ${did}: HTTP ${response.status}`);
    }
    const doc = await response.json();
    if (doc.id !== did) {
      throw new Error(`the DID document at ${didWebUrl(did)} is not ${did}'s`);
    }
    if (!fragment) {
      return {contextUrl: null, documentUrl: url, document: doc};
    }
    const method = doc.verificationMethod.find(vm => vm.id === url);
    if (!method) {
      throw new Error(`${did} has no verification method ${url}`);
    }
    return {contextUrl: null, documentUrl: url, document: {'@context': doc['@context'], ...method}};
  }
  if (url.startsWith('http://') || url.startsWith('https://')) {
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error(`${url}: HTTP ${response.status}`);
    }
    return {contextUrl: null, documentUrl: url, document: await response.json()};
  }
  throw new Error(`refused to load ${url}: not a known context, a DID or a status list`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

for (const file of files) {
  const credential = JSON.parse(readFileSync(file, 'utf8'));
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const error = result.error
    ? (result.error.errors ?? [result.error]).map(e => e.message ?? String(e)).join('; ')
    : undefined;
  console.log(JSON.stringify({
    file,
    verified: result.verified,
    proofVerified: result.results?.[0]?.verified ?? false,
    statusVerified: result.statusResult?.verified ?? null,
    revoked: result.statusResult?.results?.some(r => r.status === true) ?? null,
    error
  }));
}
