/**
 * The case file's JSON Schema (interface.md "Case file"), built here so the diagnosis code enum
 * comes straight from `DIAGNOSIS_CODES`; `schema/case.schema.json` is this object, written out by
 * `npm run build` (a unit test fails when the file is stale). Every property carries a `description` (editors show it)
 * and, where the loader applies one, its `default`.
 */
import { DIAGNOSIS_CODES } from '../diagnosis/codes.js';
import {
  appSchema,
  emulatorSettingsSchema,
  RESPONSE_TYPE_PATTERN,
  SERVER_ID_PATTERN,
  serversSchema,
  userSchema,
} from '../emulator/config-schema.js';
import {
  bool,
  choice,
  int,
  list,
  object,
  str,
  strings,
  type Schema,
} from '../input/json-schema.js';

/** The schema's `$id`: stable, so editors and other schemas can refer to it. */
export const CASE_SCHEMA_ID = 'urn:oidc-harness:schema:case:v1';

/** A URL, or a `${symbol}` (possibly followed by a path) resolved once the servers listen. */
export const URL_OR_SYMBOL_PATTERN = '^(https?://\\S+|\\$\\{[^}]+\\}\\S*)$';

const urlOrSymbol = (description: string) => str(description, { pattern: URL_OR_SYMBOL_PATTERN });
const oneOrMany = (description: string): Schema => ({
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  ],
  description,
});
/** A JSON value for a claim or header override; `null` removes it. */
const anyValue = (description: string): Schema => ({ description });

/** An emulator setting as a case's `idp` section takes it: the same schema, said to be emulator-only. */
function emulatorOnly<S extends Schema>(schema: S): S {
  const said = String(schema.description);
  // "Custom servers…" → "Emulator only: custom servers…"; names (Okta, ORG) keep their capital.
  const sentence = /^(?!Okta)[A-Z](?![A-Z])/.test(said)
    ? said[0]!.toLowerCase() + said.slice(1)
    : said;
  return { ...schema, description: `Emulator only: ${sentence}` };
}

/** The emulator's settings, each as the configuration schema describes it. */
const emulatorSettings = Object.fromEntries(
  Object.entries(emulatorSettingsSchema).map(([key, schema]) => [key, emulatorOnly(schema)]),
);

const idp = object(
  'The identity provider: the Okta emulator set up as this case says, or a real Okta tenant.',
  {
    type: choice(
      ['emulator', 'okta'],
      '`emulator`: the local Okta emulator. `okta`: a real tenant configured by OKTA_* environment variables.',
      { default: 'emulator' },
    ),
    server: str(
      'The authorization server the client uses: `org`, `default`, or a custom server id.',
      { default: 'default', pattern: SERVER_ID_PATTERN },
    ),
    port: int(
      'Emulator only: a fixed port, so a real SP configured with this issuer trusts it (keys stay the same across runs). Default: a free port.',
      { minimum: 1, maximum: 65535 },
    ),
    servers: emulatorOnly(serversSchema),
    user: emulatorOnly(userSchema),
    users: list(userSchema, 'Emulator only: more users (not signed in).'),
    app: emulatorOnly(appSchema),
    ...emulatorSettings,
    keys: object(
      "Emulator only: the signing keys' rotation state at the start of the case (okta-behavior.md §1).",
      {
        publishNext: bool(
          'Publish the next key ahead of use, beside the current one, as Okta does (a new key no SP has cached).',
          { default: false },
        ),
      },
    ),
  },
  { default: {} },
);

const client = object(
  'The client request: which flow, which scopes.',
  {
    flow: choice(
      ['code', 'implicit', 'hybrid', 'client_credentials'],
      '`code` (with PKCE), `implicit`, `hybrid`, or `client_credentials` (a service app, no user).',
      { default: 'code' },
    ),
    auth: choice(
      ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
      'Client authentication at /token. Default: client_secret_basic (none for a public client).',
    ),
    refresh: {
      anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['reuse', 'stale'] }],
      default: false,
      description:
        'After the flow, refresh the tokens (needs offline_access) and send the refreshed access token. `reuse`: then present the first, rotated refresh token again. `stale`: refresh, but send the first (pre-refresh) access token, as an app that kept its old token does.',
    },
    scopes: strings('Scopes requested.', {
      default: ['openid', 'profile', 'email'],
      uniqueItems: true,
    }),
    responseType: str(
      'Override the response type, e.g. `id_token token` (implicit) or `code id_token` (hybrid). Default: `code`, `id_token token`, `code id_token`.',
      { pattern: RESPONSE_TYPE_PATTERN },
    ),
    responseMode: choice(['query', 'fragment', 'form_post'], 'Override the response mode.'),
    dpop: bool('Ask for DPoP-bound tokens.', { default: false }),
    public: bool('Act as a public client (PKCE, no secret).', { default: false }),
    pkce: bool('Use PKCE in the code flow.', { default: true }),
    redirectUri: urlOrSymbol(
      "Override the redirect URI sent to /authorize (e.g. one the app doesn't register). Default: the harness callback.",
    ),
    extraParams: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Extra /authorize parameters.',
    },
  },
  { default: {} },
);

const expectation = object(
  'What the SP expects of a token (mock SP: its verify() settings; url SP: documents its configuration for the diagnosis).',
  {
    issuer: oneOrMany('Trusted issuer(s): `iss` must equal one of them.'),
    audience: oneOrMany('Accepted audience(s): `aud` must contain one of them.'),
    clientId: str('The client id, for an RP checking an ID token `aud` (and `azp`).'),
    tokenUse: choice(['access_token', 'id_token'], 'Which token the SP wants.', {
      default: 'access_token',
    }),
    requireClaims: strings('Claims that must be present.'),
    requireScopes: strings('Scopes the access token must carry.'),
    userClaim: str('The claim that identifies the user (`email`, `sub`, `preferred_username`).'),
    algorithms: strings('Allowed JWS algorithms.', { default: ['RS256'] }),
    clockToleranceSeconds: int('Clock tolerance for exp/nbf/iat, in seconds.', {
      minimum: 0,
      default: 0,
    }),
    jwksUri: urlOrSymbol("Where the SP fetches keys. Default: the issuer's jwks_uri."),
    acceptOrgAccessTokens: bool('Accept ORG authorization server access tokens.', {
      default: false,
    }),
    accessTokenProfile: choice(['okta', 'rfc9068'], 'Access token profile the SP validates.', {
      default: 'okta',
    }),
    dpop: choice(['required', 'allowed', 'disabled'], 'DPoP policy.', { default: 'allowed' }),
  },
);

const sp = object('The service provider the token is sent to.', {
  type: choice(['mock', 'url'], '`mock`: the bundled mock SP. `url`: a real SP at `sp.url`.', {
    default: 'mock',
  }),
  url: urlOrSymbol('The protected resource of a real SP (`type: url` only), e.g. …/api/me.'),
  send: choice(['access_token', 'id_token'], 'Which token to send.', { default: 'access_token' }),
  via: choice(
    ['bearer', 'dpop', 'form_post', 'browser'],
    '`bearer`: Authorization: Bearer. `dpop`: Authorization: DPoP with a proof (needs client.dpop). `form_post`: a form field. `browser`: SP-initiated sign-in at sp.url.',
    { default: 'bearer' },
  ),
  expect: { ...expectation, default: {} },
});

const mint = object(
  'Sign a token with the emulator keys (or a foreign key) instead of a browser flow.',
  {
    kind: choice(['access_token', 'id_token'], 'Which kind of token.'),
    server: str('The authorization server that issues it. Default: idp.server.', {
      pattern: SERVER_ID_PATTERN,
    }),
    user: str("The user's login. Default: the first user."),
    clientId: str("The client id. Default: the app's."),
    scopes: strings('Granted scopes.'),
    claims: {
      type: 'object',
      additionalProperties: anyValue('A claim value; null removes the claim.'),
      description: 'Override claims; null removes one.',
    },
    header: {
      type: 'object',
      additionalProperties: anyValue('A header value; null removes the field.'),
      description: 'Override JOSE header fields; null removes one.',
    },
    expiresInSeconds: int('Lifetime in seconds (negative: already expired).'),
    issuedAtOffsetSeconds: int('Seconds added to `iat` (negative: in the past).'),
    notBeforeOffsetSeconds: int('Seconds added to `nbf`.'),
    signingKey: choice(
      ['current', 'foreign'],
      '`current`: the server key. `foreign`: a key never published.',
      { default: 'current' },
    ),
    thin: bool('ID token: thin (as when issued with an access token).'),
  },
  { required: ['kind'] },
);

const token = object(
  'Optional: how the token is obtained or changed before it reaches the SP.',
  {
    mint,
    afterIssue: object('Changes applied after the token is issued, before it is sent.', {
      rotateKeys: bool('Rotate the signing keys (the SP then sees an unknown `kid`).'),
      keys: {
        type: 'array',
        items: { type: 'string', enum: ['publishNext', 'rotate', 'retireOld'] },
        minItems: 1,
        description:
          'Key rotation steps, in order, at every authorization server: `publishNext` publishes a new key ahead of use, `rotate` makes the next key sign (the old one stays published), `retireOld` stops publishing the old key.',
      },
      replayBefore: bool(
        'Also present the token to the SP before the changes (its answer goes into the evidence; the SP caches the keys it fetched then).',
        { default: false },
      ),
      reissue: bool(
        'After the changes, mint the token again (token.mint only) and send that one: a token signed with the key that signs now.',
        { default: false },
      ),
      advanceClockSeconds: int(
        "Move the SP's clock forward this many seconds before the token is sent (mock SP only), e.g. past the token's lifetime.",
        { minimum: 0, maximum: 31_536_000 },
      ),
    }),
  },
  { minProperties: 1 },
);

const expectSection = object(
  'The expected outcome.',
  {
    outcome: choice(
      ['accepted', 'rejected', 'authorize_error'],
      '`accepted`: the SP answers 2xx. `rejected`: the SP refuses the token. `authorize_error`: the flow fails before a token exists.',
    ),
    status: int('rejected only: the HTTP status the SP answers (e.g. 401, 403).', {
      minimum: 400,
      maximum: 599,
    }),
    diagnosis: {
      type: 'array',
      items: { type: 'string', enum: [...DIAGNOSIS_CODES] },
      uniqueItems: true,
      default: [],
      description:
        'The exact diagnosis codes expected (interface.md "Diagnosis codes"); empty for accepted.',
    },
    error: str('authorize_error only: the authorize error code, e.g. `invalid_scope`.', {
      pattern: '^[a-z_]+$',
    }),
  },
  { required: ['outcome'] },
);

/** The whole case file schema (JSON Schema 2020-12). */
export const caseSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: CASE_SCHEMA_ID,
  title: 'oidc-harness case',
  description:
    'One failure mode or reproduction: IdP setup, client request, SP expectation and the expected outcome.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'expect'],
  properties: {
    $schema: str('The schema this file follows (for editors).'),
    name: str('A one-line title; becomes the test title.'),
    description: str('What the case reproduces and why it fails.'),
    tags: strings('Tags, e.g. `okta` for cases that need a real tenant.', {
      default: [],
      uniqueItems: true,
    }),
    idp,
    client,
    sp,
    token,
    expect: expectSection,
  },
} as const;
