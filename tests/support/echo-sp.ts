/**
 * A careless SP for the redaction tests: it refuses every token and echoes back what a careless
 * SP logs — the token it was sent, the same token with its JOSE header re-spelled (`{\n "alg"…`,
 * which base64url-encodes as `ewo…`, not `eyJ…`, with the very same signature), and whatever
 * secrets it is told — in its body and in `WWW-Authenticate`. It records every signature it saw,
 * so a test knows exactly which strings must never be printed.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running echo SP. */
export interface EchoSp {
  /** Its base URL (127.0.0.1, an ephemeral port). */
  url: string;
  /** The signature of every token it was sent, in order. */
  signatures: string[];
  /** The tokens it was sent, in order. */
  tokens: string[];
  close(): Promise<void>;
}

/** `token` with the same payload and signature, its header JSON re-spelled over several lines. */
export function respelled(token: string): string {
  const [h = '', p = '', s = ''] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as unknown;
  return `${Buffer.from(JSON.stringify(header, null, 1)).toString('base64url')}.${p}.${s}`;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

/** Starts the echo SP; `echo` is put verbatim into every answer. */
export async function startEchoSp(echo: readonly string[]): Promise<EchoSp> {
  const signatures: string[] = [];
  const tokens: string[] = [];
  const server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const auth = /^(?:Bearer|DPoP)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const posted = new URLSearchParams(body).get('id_token') ?? undefined;
      const token = auth ?? posted;
      const echoed = token ? [token, respelled(token)] : [];
      if (token) {
        tokens.push(token);
        signatures.push(token.split('.')[2] ?? '');
      }
      res.writeHead(401, {
        'content-type': 'text/plain',
        'www-authenticate': `Bearer error="invalid_token", error_description="rejected ${echoed[1] ?? 'nothing'}"`,
      });
      res.end(
        [
          `rejected Authorization: Bearer ${echoed[0] ?? '-'}`,
          `the same token re-spelled: ${echoed[1] ?? '-'}`,
          `configuration: ${echo.join(' ')}`,
        ].join('\n'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    signatures,
    tokens,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
