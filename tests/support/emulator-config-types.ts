/**
 * The emulator configuration's TypeScript types (`src/emulator/config.ts`) are exactly the types
 * its JSON Schema (`src/emulator/config-schema.ts`) describes, as json-schema-to-ts derives them:
 * a field added, removed, renamed, made required or given another type on one side only fails the
 * type check here (`npm run typecheck`, and tests/unit/emulator-config-types.test.ts).
 */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type * as Types from '../../src/emulator/config.js';
import type * as Schemas from '../../src/emulator/config-schema.js';

// A `default` in the schema documents what the emulator fills in; the field stays optional.
type FromConfigSchema<S extends JSONSchema> = FromSchema<
  S,
  { keepDefaultedPropertiesOptional: true }
>;
/** True only when X and Y are the same type (not merely assignable both ways). */
type Equal<X, Y> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

/** One line per named type of the configuration. */
export type EmulatorConfigTypesMatchSchema = [
  Assert<Equal<Types.CustomClaimConfig, FromConfigSchema<typeof Schemas.customClaimSchema>>>,
  Assert<
    Equal<
      Types.AuthorizationServerConfig,
      FromConfigSchema<typeof Schemas.authorizationServerSchema>
    >
  >,
  Assert<Equal<Types.UserConfig, FromConfigSchema<typeof Schemas.userSchema>>>,
  Assert<Equal<Types.GroupsFilter, FromConfigSchema<typeof Schemas.groupsFilterSchema>>>,
  Assert<Equal<Types.AppConfig, FromConfigSchema<typeof Schemas.appSchema>>>,
  Assert<Equal<Types.EmulatorConfig, FromConfigSchema<typeof Schemas.emulatorConfigSchema>>>,
];
