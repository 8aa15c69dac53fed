/**
 * The `groups` claim as an Okta app releases it: the user's groups that match the app's groups
 * claim filter, and Okta's limit of 100 (support article "The groups claim matched too many groups
 * and must be configured to match fewer groups": the implicit flow fails; the authorization code
 * flow has no such limit). Other reports (e.g. Vault's Okta notes) say the claim is silently cut
 * to 100: that is the `tooManyGroups: truncate` setting.
 */
import type { GroupsFilter } from '../src/emulator/config.js';
import type { ResolvedConfig, ResolvedUser } from './config.js';

/** The most groups Okta puts in one groups claim. */
export const GROUPS_CLAIM_LIMIT = 100;

/** Okta's words when more groups match than the limit (support article). */
export const TOO_MANY_GROUPS_DESCRIPTION =
  'The groups claim matched too many groups and must be configured to match fewer groups';

function matches(filter: GroupsFilter | undefined, group: string): boolean {
  if (!filter) return true;
  switch (filter.type) {
    case 'startsWith':
      return group.toLowerCase().startsWith(filter.value.toLowerCase());
    case 'equals':
      return group === filter.value;
    case 'contains':
      return group.toLowerCase().includes(filter.value.toLowerCase());
    case 'matches':
      return new RegExp(`^(?:${filter.value})$`).test(group);
  }
}

/** The user's groups the app's filter lets into the claim (cut to 100 when set to truncate). */
export function groupsClaim(config: ResolvedConfig, user: ResolvedUser): string[] {
  const matched = (user.groups ?? []).filter((g) => matches(config.app.groupsFilter, g));
  return config.tooManyGroups === 'truncate' ? matched.slice(0, GROUPS_CLAIM_LIMIT) : matched;
}

/**
 * Okta's refusal when tokens leave `/authorize` (implicit, hybrid) with a groups claim over the
 * limit; undefined when the request may go on.
 */
export function tooManyGroupsRefusal(
  config: ResolvedConfig,
  user: ResolvedUser,
  params: { scope?: unknown; response_type?: unknown },
): { error: string; error_description: string } | undefined {
  const scopes = String(params.scope ?? '').split(' ');
  const responseType = String(params.response_type ?? '').split(' ');
  const frontChannelTokens = responseType.includes('id_token') || responseType.includes('token');
  if (!scopes.includes('groups') || !frontChannelTokens || config.tooManyGroups === 'truncate') {
    return undefined;
  }
  const matched = (user.groups ?? []).filter((g) => matches(config.app.groupsFilter, g));
  if (matched.length <= GROUPS_CLAIM_LIMIT) return undefined;
  // The error code is not in Okta's article (only the description): invalid_request is assumed.
  return { error: 'invalid_request', error_description: TOO_MANY_GROUPS_DESCRIPTION };
}
