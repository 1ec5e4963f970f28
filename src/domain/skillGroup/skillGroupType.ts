/** Tencent's SkillGroupType: what kind of sessions a skill group serves. */
export const SkillGroupType = {
  Phone: 0,
  Online: 1,
  Audio: 3,
  Video: 4,
} as const;

export type SkillGroupType = (typeof SkillGroupType)[keyof typeof SkillGroupType];

export const SKILL_GROUP_TYPES: readonly SkillGroupType[] = Object.values(SkillGroupType);

/**
 * The deprecated `Type` string Tencent still returns beside SkillGroupType: `tel`, `im`, or `all`
 * (full media) for the audio and video kinds, which span channels.
 */
export function legacyTypeName(type: number): string {
  if (type === SkillGroupType.Phone) return 'tel';
  if (type === SkillGroupType.Online) return 'im';
  return 'all';
}
