import type { ApplicationConfig } from './config.ts';
import { ConfigError } from './configError.ts';

/**
 * What the schema cannot say about the applications: ids the database keeps unique, given once. A
 * repeat would otherwise be dropped, re-assign what the first declared, or stop the start in SQL.
 */
export function checkApplications(applications: readonly ApplicationConfig[]): void {
  const firstOf = <T>(seen: Map<T, string>, id: T, where: string): string | undefined => {
    const before = seen.get(id);
    if (before === undefined) seen.set(id, where);
    return before;
  };
  const apps = new Map<number, string>();
  const groups = new Map<number, string>();
  const secretIds = new Map<string, string>();
  for (const [index, app] of applications.entries()) {
    const where = `applications.${index}`;
    const before = firstOf(apps, app.sdkAppId, where);
    if (before) throw new ConfigError(`${where}: sdkAppId ${app.sdkAppId} is already declared by ${before}`);
    for (const group of app.skillGroups ?? []) {
      // Skill group ids are global, not per application: a second one would never be created.
      const other = firstOf(groups, group.skillGroupId, `${where} (sdkAppId ${app.sdkAppId})`);
      if (other) {
        throw new ConfigError(
          `skillGroupId ${group.skillGroupId} is declared by ${other} and ${where} (sdkAppId ${app.sdkAppId})`,
        );
      }
    }
    for (const [k, key] of (app.keys ?? []).entries()) {
      const other = firstOf(secretIds, key.secretId, `${where}.keys.${k}`);
      if (other)
        throw new ConfigError(`${where}.keys.${k}: SecretId ${key.secretId} is already declared by ${other}`);
    }
    checkStaff(app, where);
  }
}

function checkStaff(app: ApplicationConfig, where: string): void {
  const mails = new Map<string, number>();
  for (const [m, staff] of (app.staff ?? []).entries()) {
    const before = mails.get(staff.mail);
    if (before !== undefined) {
      throw new ConfigError(
        `${where}.staff.${m}: mail ${JSON.stringify(staff.mail)} is already declared by ${where}.staff.${before}`,
      );
    }
    mails.set(staff.mail, m);
    const ids = staff.skillGroupIds ?? [];
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated !== undefined) {
      throw new ConfigError(`${where}.staff.${m}.skillGroupIds: skill group ${repeated} is listed twice`);
    }
  }
}
