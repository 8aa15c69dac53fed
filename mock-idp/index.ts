/**
 * The Okta emulator: Okta's ORG authorization server at `/` and custom authorization servers at
 * `/oauth2/{id}` on one loopback origin, built on oidc-provider (okta-behavior.md sections 1–6).
 *
 * @example
 * const idp = await startEmulator({ servers: { default: { scopes: ['orders:read'] } } });
 * idp.issuer('default'); // http://127.0.0.1:PORT/oauth2/default
 * await idp.configure({ app: { redirectUris: ['http://127.0.0.1:9000/cb'] } });
 * const token = await idp.mintToken({ server: 'default', kind: 'access_token' });
 * await idp.close();
 */
import { issuerOf, serverPath } from '../src/okta/issuers.js';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SERVER_TIMEOUTS } from '../src/server-timeouts.js';
import type { AddressInfo } from 'node:net';
import type { EmulatorConfig, UserConfig } from '../src/emulator/config.js';
import { resolveConfig, toEmulatorConfig, type ResolvedConfig } from './config.js';
import { createDispatcher, type ProviderEntry, type Runtime } from './dispatcher.js';
import { generateSigningKey, KeyRing, type PrivateJwk } from './keys.js';
import { EventRecorder, type IssuedTokenRecord } from './log-events.js';
import { mint, type MintOptions } from './mint.js';
import { oktaResponses } from './okta-responses.js';
import {
  buildProvider,
  serverScopes,
  type ProviderEnvironment,
  type ServerSpec,
} from './provider.js';
import { MemoryStore } from './store.js';
import { createLogsHandler, SystemLog } from './system-log/index.js';

export type { MintOptions } from './mint.js';
export type { IssuedTokenRecord } from './log-events.js';
export { ConfigError } from './config.js';
export { BASELINE } from '../src/emulator/baseline.js';
export { MintError } from './mint.js';

/**
 * One step of Okta's key rotation (okta-behavior.md §1, §7.8): `publishNext` publishes a new key
 * ahead of use, `rotate` makes the next key (a new one when none was published) sign while the
 * old one stays published, `retireOld` stops publishing the previous key.
 */
export type KeyStep = 'publishNext' | 'rotate' | 'retireOld';

/** A request for a server's `/v1/keys`: how a rotation check sees an SP refetch its JWKS. */
export interface JwksRequest {
  /** `org` or a custom server id. */
  server: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/** A running emulator. */
export interface Emulator {
  /** Origin, `http://127.0.0.1:PORT` (= the ORG issuer). */
  readonly url: string;
  readonly orgIssuer: string;
  /** Custom server id → issuer. */
  readonly issuers: Record<string, string>;
  /** The issuer of `org` or of a custom server id. */
  issuer(server: 'org' | string): string;
  /** The baseline merged with the current delta. */
  readonly config: Readonly<EmulatorConfig>;
  readonly app: {
    clientId: string;
    clientSecret?: string;
    redirectUris: string[];
    /** `service`: an API Services app (client credentials). */
    applicationType: 'web' | 'service';
  };
  /** The users, with their passwords (synthetic test users). */
  readonly users: UserConfig[];
  /** SSWS token for `/api/v1/logs`. */
  readonly apiToken: string;
  readonly systemLog: SystemLog;
  /** Baseline + `delta` (not cumulative); same origin; keys kept unless `rotateKeys`. */
  configure(delta: EmulatorConfig): Promise<void>;
  /** Back to the baseline; forgets sessions, issued tokens and System Log events. */
  reset(): Promise<void>;
  /**
   * Builds every authorization server's oidc-provider instance now. They are otherwise built on
   * the first request that needs one (`/authorize`, `/token`, …), so a run of minted tokens
   * never loads oidc-provider; a long-lived emulator calls this to answer its first sign-in fast.
   */
  prepare(): Promise<void>;
  /** Signs a token with the emulator's keys (or a foreign key) without a browser. */
  mintToken(options: MintOptions): Promise<string>;
  /** Every token issued (raw token, server, client id, time), newest last. */
  issuedTokens(): IssuedTokenRecord[];
  /**
   * Applies key rotation steps to `servers` (default: every server) without changing anything
   * else; the keys of each step are new (never from the pool), so no SP has cached them.
   * The next `configure`/`reset` goes back to the configured keys.
   */
  keySteps(steps: KeyStep[], servers?: string[]): Promise<void>;
  /** The `kid`s each server publishes, signing key first. */
  publishedKids(server: string): string[];
  /** Every `/v1/keys` request since start, oldest first. */
  jwksRequests(): JwksRequest[];
  close(): Promise<void>;
}

/** Where the emulator listens. Default 127.0.0.1 and a free port. */
export interface StartOptions {
  port?: number;
  host?: string;
  /**
   * Resolve as soon as the port listens; `ready` settles once oidc-provider is loaded and every
   * Provider is built (about 0.2 s), and rejects if that fails. Requests that need a Provider
   * meanwhile wait for it. For a command that prints its URLs first (`serve`); the
   * configuration is still validated before the port opens.
   */
  early?: boolean;
}

/** An emulator started with `early`: its URLs and credentials now, its answers from `ready` on. */
export interface EarlyEmulator {
  emulator: Emulator;
  /** Settles once the Providers are built; rejects (and closes the port) when building failed. */
  ready: Promise<void>;
}

class OktaEmulator implements Emulator {
  readonly systemLog = new SystemLog();
  private runtime: Runtime | undefined;
  private resolved!: ResolvedConfig;
  private readonly store = new MemoryStore();
  private readonly cookieKeys = [randomBytes(32).toString('base64url')];
  private readonly tokens: IssuedTokenRecord[] = [];
  private readonly recorder: EventRecorder;
  private logsHandler: ReturnType<typeof createLogsHandler> | undefined;
  /** Per server: the signing key, the previous one (still published) and the next one. */
  private keyState = new Map<
    string,
    { signing: PrivateJwk; previous?: PrivateJwk; next?: PrivateJwk }
  >();
  private readonly jwksLog: JwksRequest[] = [];

  /** The first build, while it runs: requests wait for it instead of answering 503. */
  building: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly keys: KeyRing,
    initial: ResolvedConfig,
  ) {
    // The URLs, client and users are known from the configuration before any Provider exists.
    this.resolved = initial;
    this.recorder = new EventRecorder(
      this.systemLog,
      () => this.resolved,
      (record) => this.tokens.push(record),
    );
  }

  get orgIssuer() {
    return this.url;
  }
  get issuers() {
    return Object.fromEntries(
      Object.keys(this.resolved.servers).map((id) => [id, issuerOf(this.url, id)]),
    );
  }
  issuer(server: 'org' | string): string {
    if (server === 'org') return this.orgIssuer;
    if (!this.resolved.servers[server])
      throw new Error(
        `unknown authorization server "${server}" (known: org, ${Object.keys(this.resolved.servers).join(', ')})`,
      );
    return issuerOf(this.url, server);
  }
  get config(): Readonly<EmulatorConfig> {
    return toEmulatorConfig(this.resolved);
  }
  get app() {
    const { app } = this.resolved;
    return {
      clientId: app.clientId,
      ...(app.clientSecret !== undefined ? { clientSecret: app.clientSecret } : {}),
      redirectUris: [...app.redirectUris],
      applicationType: app.applicationType,
    };
  }
  get users(): UserConfig[] {
    return structuredClone(this.resolved.users);
  }
  get apiToken() {
    return this.resolved.apiToken;
  }

  handler() {
    const dispatch = createDispatcher({
      runtime: () => this.runtime,
      logs: (req, res, url) => this.logsHandler!(req, res, url),
      recorder: this.recorder,
    });
    return (req: IncomingMessage, res: ServerResponse) => {
      const keysOf = /^(?:\/oauth2\/([^/?]+))?\/(?:oauth2\/)?v1\/keys(?:\?|$)/.exec(req.url ?? '');
      if (keysOf && req.method === 'GET') {
        this.jwksLog.push({ server: keysOf[1] ?? 'org', at: Date.now() });
      }
      const building = this.building;
      if (building && !this.runtime) {
        // A failed build leaves no runtime: the dispatcher then answers 503.
        void building.catch(() => {}).then(() => dispatch(req, res));
      } else {
        dispatch(req, res);
      }
    };
  }

  async configure(delta: EmulatorConfig): Promise<void> {
    const config = resolveConfig(delta);
    const ids = ['org', ...Object.keys(config.servers)];
    await this.keys.ensure([
      ...ids,
      ...(config.rotateKeys ? ids.map((id) => `${id}#rotated`) : []),
      ...(config.orgAccessTokenVerifiable ? [] : ['org#access-token']),
    ]);
    const state = new Map<string, { signing: PrivateJwk; previous?: PrivateJwk }>();
    for (const id of ids) {
      const original = this.keys.get(id);
      if (!config.rotateKeys) state.set(id, { signing: original });
      else {
        const signing = this.keys.get(`${id}#rotated`);
        state.set(id, config.rotateKeys.dropOldKey ? { signing } : { signing, previous: original });
      }
    }
    await this.build(config, state);
  }

  async keySteps(steps: KeyStep[], servers?: string[]): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) throw new Error('keySteps: the emulator is not running');
    const ids = servers ?? [...this.keyState.keys()];
    for (const id of ids) {
      if (!this.keyState.has(id)) {
        throw new Error(
          `keySteps: unknown authorization server "${id}" (known: ${[...this.keyState.keys()].join(', ')})`,
        );
      }
    }
    const state = new Map([...this.keyState].map(([id, k]) => [id, { ...k }]));
    for (const id of ids) {
      const keys = state.get(id)!;
      for (const step of steps) {
        if (step === 'publishNext') keys.next ??= await generateSigningKey();
        else if (step === 'rotate') {
          keys.previous = keys.signing;
          keys.signing = keys.next ?? (await generateSigningKey());
          delete keys.next;
        } else if (step === 'retireOld') delete keys.previous;
        else throw new Error(`keySteps: unknown step ${String(step)}`);
      }
    }
    await this.build(runtime.config, state);
  }

  publishedKids(server: string): string[] {
    const keys = this.runtime?.specs.get(server)?.keys;
    if (!keys) throw new Error(`publishedKids: unknown authorization server "${server}"`);
    return keys.map((k) => k.kid);
  }

  jwksRequests(): JwksRequest[] {
    return this.jwksLog.map((r) => ({ ...r }));
  }

  /** Builds one Provider per server with these keys and swaps them in (keys are fixed per Provider). */
  private async build(
    config: ResolvedConfig,
    state: Map<string, { signing: PrivateJwk; previous?: PrivateJwk; next?: PrivateJwk }>,
  ): Promise<void> {
    const specs = new Map<string, ServerSpec>();
    for (const [id, k] of state) {
      const server = id === 'org' ? undefined : config.servers[id];
      // oidc-provider signs with the first key; the others are only published.
      const keys = [k.signing, ...(k.previous ? [k.previous] : []), ...(k.next ? [k.next] : [])];
      specs.set(id, {
        id,
        issuer: issuerOf(this.url, id),
        mountPath: serverPath(id),
        audience: id === 'org' ? this.url : server!.audience,
        scopes: serverScopes(server),
        server,
        keys,
        ...(id === 'org' && !config.orgAccessTokenVerifiable
          ? { accessTokenKey: this.keys.get('org#access-token') }
          : {}),
      });
    }
    const env: ProviderEnvironment = {
      config,
      store: this.store,
      cookieKeys: this.cookieKeys,
      attach: (provider, spec) => {
        provider.use(oktaResponses(spec));
        this.recorder.attach(provider, spec);
      },
    };
    const built = new Map<string, Promise<ProviderEntry>>();
    const provider = (id: string): Promise<ProviderEntry> => {
      let entry = built.get(id);
      if (!entry) {
        const spec = specs.get(id);
        if (!spec) return Promise.reject(new Error(`unknown authorization server "${id}"`));
        entry = buildProvider(env, spec).then((p) => ({ provider: p, callback: p.callback() }));
        built.set(id, entry);
      }
      return entry;
    };
    this.resolved = config;
    this.keyState = state;
    // Paging links on the emulator's own origin: the dispatcher parses request paths against a
    // placeholder origin, and a client that follows `next` must reach this server.
    this.logsHandler = createLogsHandler(this.systemLog, {
      apiToken: config.apiToken,
      baseUrl: this.url,
    });
    this.runtime = { config, specs, provider };
  }

  async prepare(): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) return;
    await Promise.all([...runtime.specs.keys()].map((id) => runtime.provider(id)));
  }

  async reset(): Promise<void> {
    await this.configure({});
    this.store.clear();
    this.systemLog.clear();
    this.tokens.length = 0;
  }

  async mintToken(options: MintOptions): Promise<string> {
    const runtime = this.runtime!;
    const spec = runtime.specs.get(options?.server);
    if (!spec) {
      const { MintError } = await import('./mint.js');
      throw new MintError(
        `mintToken: server: unknown authorization server "${String(options?.server)}" (known: ${[...runtime.specs.keys()].join(', ')})`,
      );
    }
    let foreign: PrivateJwk | undefined;
    if (options.signingKey === 'foreign') {
      await this.keys.ensure(['foreign']);
      foreign = this.keys.get('foreign');
    }
    return mint(runtime.config, spec, options, foreign, (kind, token) =>
      this.recorder.issued(spec, kind, token, 'mint'),
    );
  }

  issuedTokens(): IssuedTokenRecord[] {
    return this.tokens.map((t) => ({ ...t }));
  }

  async close(): Promise<void> {
    this.runtime = undefined;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/**
 * Starts an emulator on `host` (default 127.0.0.1) and `port` (default a free one) with the
 * baseline merged with `config`. With a pinned port, signing keys stay the same across runs.
 * @throws ConfigError naming the field when `config` is invalid.
 */
export async function startEmulator(
  config?: EmulatorConfig,
  options?: StartOptions & { early?: false },
): Promise<Emulator>;
export async function startEmulator(
  config: EmulatorConfig,
  options: StartOptions & { early: true },
): Promise<EarlyEmulator>;
export async function startEmulator(
  config: EmulatorConfig = {},
  options: StartOptions = {},
): Promise<Emulator | EarlyEmulator> {
  // Validate before opening a port, so bad configuration fails fast and leaves nothing behind.
  const first = resolveConfig(config);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(
      `startEmulator: options.port: expected 0–65535, got ${String(options.port)}`,
    );
  }
  const keysReady = KeyRing.open(['org', ...Object.keys(first.servers)], port || undefined);
  const server = createServer(SERVER_TIMEOUTS);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let emulator: OktaEmulator;
  try {
    const address = server.address() as AddressInfo;
    const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    emulator = new OktaEmulator(server, origin, await keysReady, first);
  } catch (err) {
    server.close();
    throw err;
  }
  server.on('request', emulator.handler());
  const built = emulator.configure(config).then(
    () => {
      emulator.building = undefined;
    },
    async (err: unknown) => {
      emulator.building = undefined;
      await emulator.close();
      throw err;
    },
  );
  emulator.building = built;
  if (options.early) {
    // Answering starts with the configuration; the Providers are built meanwhile, and a
    // failure to build them is the start's failure, as it would be without `early`.
    const ready = built.then(() => emulator.prepare());
    ready.catch(() => {});
    return { emulator, ready };
  }
  await built;
  return emulator;
}
