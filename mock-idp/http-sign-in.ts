/**
 * Drives the emulator's authorization-code flow over plain HTTP (a cookie jar, manual redirects
 * and the sign-in form posts): no browser. Used by the emulator's tests and benchmark, and
 * handy for SP-side tests that want real (not minted) tokens quickly.
 */

/** A minimal cookie jar: one origin, no attributes but the value. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** What the flow ended with: the authorization response's parameters (query or fragment). */
export interface AuthorizationResult {
  /** The final redirect to the app. */
  location: string;
  params: URLSearchParams;
  /** Pages seen on the way (sign-in HTML), for assertions on errors. */
  lastPage?: string;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * Requests `authorizeUrl`, signs in when the sign-in page appears (Identity Engine or Classic),
 * follows redirects until one leaves the emulator, and returns that redirect's parameters.
 * Throws with the page's error text when the sign-in is refused.
 */
export async function authorizeOverHttp(
  authorizeUrl: string,
  credentials: { login: string; password: string } | undefined,
  jar = new CookieJar(),
): Promise<AuthorizationResult> {
  const origin = new URL(authorizeUrl).origin;
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      redirect: 'manual',
      ...init,
      headers: { cookie: jar.header(), ...(init.headers as Record<string, string> | undefined) },
    });
    jar.store(res);
    return res;
  };
  let res = await go(authorizeUrl);
  for (let hops = 0; hops < 10; hops++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, origin);
      if (next.origin !== origin) return resultOf(next.href);
      if (/^\/signin\//.test(next.pathname)) {
        res = await signIn(go, next.href, credentials);
      } else {
        res = await go(next.href);
      }
      continue;
    }
    const body = await res.text();
    const formPost = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(body);
    if (res.status === 200 && formPost && !formPost[1]!.startsWith(origin)) {
      const params = new URLSearchParams();
      for (const m of formPost[2]!.matchAll(/name="([^"]+)" value="([^"]*)"/g))
        params.set(unescape(m[1]!), unescape(m[2]!));
      return { location: unescape(formPost[1]!), params, lastPage: body };
    }
    const error = /<div class="okta-form-infobox-error[^>]*>[\s\S]*?<p>([^<]*)<\/p>/.exec(
      body,
    )?.[1];
    throw new Error(`sign-in did not complete (HTTP ${res.status})${error ? `: ${error}` : ''}`);
  }
  throw new Error('too many redirects');
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function resultOf(location: string): AuthorizationResult {
  const url = new URL(location);
  const params = url.hash.length > 1 ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
  return { location, params };
}

async function signIn(
  go: (url: string, init?: RequestInit) => Promise<Response>,
  pageUrl: string,
  credentials: { login: string; password: string } | undefined,
): Promise<Response> {
  if (!credentials)
    throw new Error('the emulator asked for a sign-in and no credentials were given');
  const page = await (await go(pageUrl)).text();
  if (page.includes('id="okta-signin-username"')) {
    return go(`${pageUrl}/classic`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({
        username: credentials.login,
        password: credentials.password,
      }).toString(),
    });
  }
  await (
    await go(`${pageUrl}/identify`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ identifier: credentials.login }).toString(),
    })
  ).text();
  return go(`${pageUrl}/verify`, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({
      identifier: credentials.login,
      'credentials.passcode': credentials.password,
    }).toString(),
  });
}
