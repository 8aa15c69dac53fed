/**
 * Okta emulator benchmark: in-process start-up (modules loaded, `startEmulator()` → listening;
 * goal under 150 ms, which is why keys come from a cached pool, never generated on start), the
 * cost of `configure()` (rebuilding the Providers), and tokens per second: the authorization-code
 * flow over HTTP (sign-in, code, token exchange), client credentials over HTTP, and `mintToken`.
 * Prints medians and p90; stops by itself well within a minute.
 */
import { startEmulator, type Emulator } from '../mock-idp/index.js';
import { authorizeOverHttp, CookieJar } from '../mock-idp/http-sign-in.js';

const START_GOAL_MS = 150;
const CB = 'http://127.0.0.1:9/cb';
const deadline = Date.now() + 50_000;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function line(name: string, samples: number[], extra = ''): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  console.log(
    `${name}: median ${median.toFixed(2)} ms, p90 ${quantile(sorted, 0.9).toFixed(2)} ms, ${samples.length} runs${extra}`,
  );
  return median;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Runs `fn` until `count` runs or `budgetMs` passed; returns per-run ms and runs per second. */
async function throughput(fn: () => Promise<unknown>, count: number, budgetMs: number) {
  const samples: number[] = [];
  const started = performance.now();
  while (
    samples.length < count &&
    performance.now() - started < budgetMs &&
    Date.now() < deadline
  ) {
    samples.push(await timed(fn));
  }
  const perSecond = (samples.length * 1000) / (performance.now() - started);
  return { samples, perSecond };
}

async function main() {
  // Warm-up: loads oidc-provider and fills the key pool (a first run on a fresh machine
  // generates the pool once, which is not what this measures).
  await (await startEmulator()).close();

  const starts: number[] = [];
  for (let i = 0; i < 25 && Date.now() < deadline; i++) {
    let e: Emulator | undefined;
    starts.push(await timed(async () => (e = await startEmulator())));
    await e!.close();
  }
  const startMedian = line('start (startEmulator → listening)', starts);
  console.log(
    `start goal: under ${START_GOAL_MS} ms → ${startMedian < START_GOAL_MS ? 'met' : 'NOT met'}`,
  );

  const idp = await startEmulator({ app: { redirectUris: [CB] } });
  try {
    const configures: number[] = [];
    for (let i = 0; i < 20; i++)
      configures.push(
        await timed(() =>
          idp.configure({ app: { redirectUris: [CB] }, codeFlowIdToken: i % 2 ? 'fat' : 'thin' }),
        ),
      );
    line('configure (rebuild the Providers)', configures);

    const user = { login: idp.users[0]!.login, password: idp.users[0]!.password! };
    const q = new URLSearchParams({
      client_id: idp.app.clientId,
      redirect_uri: CB,
      response_type: 'code',
      scope: 'openid profile email',
      state: 's',
    });
    const jar = new CookieJar();
    const tokenRequest = (body: Record<string, string>) =>
      fetch(`${idp.issuer('default')}/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ...body,
          client_id: idp.app.clientId,
          client_secret: idp.app.clientSecret!,
        }),
      }).then(async (r) => {
        if (r.status !== 200)
          throw new Error(`token endpoint answered ${r.status}: ${await r.text()}`);
        return r.json();
      });
    const codeFlow = async (signIn: boolean) => {
      const { params } = await authorizeOverHttp(
        `${idp.issuer('default')}/v1/authorize?${q}`,
        user,
        signIn ? new CookieJar() : jar,
      );
      await tokenRequest({
        grant_type: 'authorization_code',
        code: params.get('code')!,
        redirect_uri: CB,
      });
    };
    await codeFlow(false); // signs the shared jar in: later runs are silent SSO

    const full = await throughput(() => codeFlow(true), 200, 8_000);
    line(
      'code flow with sign-in (HTTP: authorize, sign-in form, code, token)',
      full.samples,
      `, ${full.perSecond.toFixed(1)} flows/s`,
    );
    const sso = await throughput(() => codeFlow(false), 300, 8_000);
    line(
      'code flow, silent SSO (HTTP: authorize, code, token)',
      sso.samples,
      `, ${sso.perSecond.toFixed(1)} flows/s`,
    );
    await idp.configure({
      app: { redirectUris: [CB] },
      servers: { default: { scopes: ['bench:read'] } },
    });
    const clientCredentials = await throughput(
      () => tokenRequest({ grant_type: 'client_credentials', scope: 'bench:read' }),
      1000,
      6_000,
    );
    line(
      'client credentials (HTTP token endpoint)',
      clientCredentials.samples,
      `, ${clientCredentials.perSecond.toFixed(0)} tokens/s`,
    );
    const minted = await throughput(
      () => idp.mintToken({ server: 'default', kind: 'access_token' }),
      2000,
      4_000,
    );
    line(
      'mintToken (access token, in-process)',
      minted.samples,
      `, ${minted.perSecond.toFixed(0)} tokens/s`,
    );
  } finally {
    await idp.close();
  }
}

await main();
process.exit(0);
