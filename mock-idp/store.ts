/**
 * The emulator's storage for oidc-provider (sessions, interactions, codes, refresh tokens): one
 * in-memory map per emulator, namespaced per authorization server. Giving oidc-provider an
 * adapter is also what keeps its "development-only adapter" warning out of the user's output.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** Grant-bound models, revoked together by `revokeByGrantId`. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode']);

export class MemoryStore {
  private readonly entries = new Map<string, Entry>();

  /** Drops everything: sessions, codes, refresh tokens. */
  clear(): void {
    this.entries.clear();
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private set(key: string, payload: AdapterPayload, expiresIn?: number) {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.entries.set(key, { payload, expiresAt });
  }

  /** The adapter factory of one authorization server (`namespace`). */
  adapterFor(namespace: string): AdapterFactory {
    return (model: string): Adapter => {
      const key = (id: string) => `${namespace}:${model}:${id}`;
      const index = (kind: string, value: string) => `${namespace}:${model}:${kind}:${value}`;
      return {
        upsert: async (id, payload, expiresIn) => {
          this.set(key(id), payload, expiresIn);
          if (payload.uid) this.set(index('uid', payload.uid), { jti: id }, expiresIn);
          if (payload.userCode)
            this.set(index('userCode', payload.userCode), { jti: id }, expiresIn);
          if (GRANTABLE.has(model) && payload.grantId) {
            const grantKey = `${namespace}:grant:${payload.grantId}`;
            const members = (this.get(grantKey)?.extra?.members as string[] | undefined) ?? [];
            this.set(grantKey, { extra: { members: [...members, key(id)] } });
          }
        },
        find: async (id) => this.get(key(id)),
        findByUid: async (uid) => {
          const ref = this.get(index('uid', uid));
          return ref?.jti ? this.get(key(ref.jti)) : undefined;
        },
        findByUserCode: async (userCode) => {
          const ref = this.get(index('userCode', userCode));
          return ref?.jti ? this.get(key(ref.jti)) : undefined;
        },
        consume: async (id) => {
          const payload = this.get(key(id));
          if (payload) payload.consumed = Math.floor(Date.now() / 1000);
        },
        destroy: async (id) => {
          this.entries.delete(key(id));
        },
        revokeByGrantId: async (grantId) => {
          const grantKey = `${namespace}:grant:${grantId}`;
          const members = (this.get(grantKey)?.extra?.members as string[] | undefined) ?? [];
          for (const member of members) this.entries.delete(member);
          this.entries.delete(grantKey);
        },
      };
    };
  }
}
