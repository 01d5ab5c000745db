/** The four kinds of volunteer service named by measure (十六). */
export const VOLUNTEER_TYPES = ['扶贫济困', '扶老救孤', '恤病助残', '助医助学'] as const;
export type VolunteerType = (typeof VOLUNTEER_TYPES)[number];
