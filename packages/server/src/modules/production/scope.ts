import type { Principal } from '../../http/session.js';

/**
 * The workshops that bound what a user sees of production: an operator (and nothing more) sees his
 * workshops' work; planners, approvers, storekeepers and admins see all (null).
 */
export function workshopScope(user: Principal): readonly string[] | null {
  return user.roles.every((r) => r === 'operator') ? user.workshops : null;
}
