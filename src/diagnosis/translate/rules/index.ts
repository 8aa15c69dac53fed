/** Every exact rule, by source, in the order the matcher tries them. */
import type { Rule } from '../types.js';
import { OKTA_RULES } from './okta.js';
import { NODE_RULES } from './node.js';
import { PYTHON_RULES } from './python.js';
import { JAVA_RULES } from './java.js';
import { DOTNET_RULES } from './dotnet.js';
import { GO_RULES } from './go.js';
import { PHP_RULES } from './php.js';
import { APACHE_RULES } from './apache.js';
import { GATEWAY_RULES } from './gateways.js';

/** Okta first (its strings are exact), then libraries, then gateways. */
export const RULES: readonly Rule[] = [
  ...OKTA_RULES,
  ...NODE_RULES,
  ...PYTHON_RULES,
  ...JAVA_RULES,
  ...DOTNET_RULES,
  ...GO_RULES,
  ...PHP_RULES,
  ...APACHE_RULES,
  ...GATEWAY_RULES,
];
