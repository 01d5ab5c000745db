import type { Role } from '../definitions/roles.ts';

/**
 * Who is calling, and over what (docs/architecture.md § Identity and scope). The role comes from the token
 * (`cognito:groups`); the scope (county, township, department, organisation) comes from the staff table by
 * `sub` (shared/staff/registry.ts), never from token attributes a user could edit. Deleting the staff item
 * revokes access at once. The HTTP layer builds the actor (shared/http/auth.ts); the domain only reads it.
 */
export interface Actor {
  sub: string;
  role: Role;
  name?: string;
  county?: string;
  township?: string;
  department?: string;
  organisation?: string;
}

/** The staff table's scope item: every role a person holds, and where. */
export interface StaffScope {
  sub: string;
  roles: Role[];
  name?: string;
  county?: string;
  township?: string;
  department?: string;
  organisation?: string;
}
