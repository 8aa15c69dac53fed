/** .NET: Microsoft.IdentityModel IDX codes and ASP.NET Core JwtBearer. Each pattern cites the file its wording comes from. */
import type { Rule } from '../types.js';

/** Exact patterns, most specific first. */
export const DOTNET_RULES: readonly Rule[] = [
  // --- .NET Microsoft.IdentityModel.Tokens (LogMessages.cs) ---
  {
    source: 'dotnet',
    pattern: /IDX10214\b(?:[^\n]*?Audiences: '([^']*)')?(?:[^\n]*?ValidAudiences?: '([^']*)')?/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
    expected: 2,
  },
  { source: 'dotnet', pattern: /IDX10206|IDX10207/i, code: 'audience_mismatch', claim: 'aud' },
  {
    source: 'dotnet',
    pattern: /IDX10205\b(?:[^\n]*?Issuer: '([^']*)')?(?:[^\n]*?ValidIssuers?: '([^']*)')?/i,
    code: 'issuer_mismatch',
    claim: 'iss',
    token: 1,
    expected: 2,
  },
  { source: 'dotnet', pattern: /IDX10223/i, code: 'token_expired', claim: 'exp' },
  { source: 'dotnet', pattern: /IDX10222/i, code: 'token_not_yet_valid', claim: 'nbf' },
  { source: 'dotnet', pattern: /IDX10225/i, code: 'missing_claim', claim: 'exp' },
  {
    source: 'dotnet',
    pattern: /IDX10501\b(?:[\s\S]{0,200}?kid: '([^']*)')?/i,
    code: 'unknown_signing_key',
    claim: 'kid',
    token: 1,
  },
  // IDX10503 names a kid that matched no key ("The token's kid is: 'x', but did not match any
  // keys in TokenValidationParameters or Configuration" in 7.x; "Keys tried: …" in 5.x/6.x).
  {
    source: 'dotnet',
    pattern: /IDX10503\b(?:[\s\S]{0,200}?kid is:? '([^']*)')?/i,
    code: 'unknown_signing_key',
    claim: 'kid',
    token: 1,
  },
  { source: 'dotnet', pattern: /IDX10511|IDX10504|IDX10508/i, code: 'signature_invalid' },
  // ASP.NET Core JwtBearerHandler.CreateErrorDescription (WWW-Authenticate error_description).
  {
    source: 'dotnet',
    pattern: /The signature key was not found/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  {
    source: 'dotnet',
    pattern: /The audience '([^']*)' is invalid/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
  },
  {
    source: 'dotnet',
    pattern: /The issuer '([^']*)' is invalid/i,
    code: 'issuer_mismatch',
    claim: 'iss',
    token: 1,
  },
  {
    source: 'dotnet',
    pattern: /The token expired at '([^']*)'|The token is expired/i,
    code: 'token_expired',
    claim: 'exp',
    token: 1,
  },
  {
    source: 'dotnet',
    pattern: /The token is not valid before '([^']*)'|The token is not valid yet/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
    token: 1,
  },
  { source: 'dotnet', pattern: /The signature is invalid/i, code: 'signature_invalid' },
  {
    source: 'dotnet',
    pattern: /IDX10256|IDX10257/i,
    code: 'access_token_profile_mismatch',
    claim: 'typ',
  },
  // Microsoft.IdentityModel.JsonWebTokens: IDX14100 "JWT is not well formed", IDX12741 (3 segments)
  { source: 'dotnet', pattern: /IDX14100|IDX12741|IDX12709/i, code: 'malformed_token' },
];
