/**
 * The single data table (docs/architecture.md § One definition, two runtimes).
 * Every GSI is declared up front because CloudFormation adds only one GSI per stack update.
 * GSIs are sparse and overloaded: an item appears in an index only when it carries that index's keys.
 */
export const TABLE = {
  logicalName: 'Data',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  indexes: [
    /** Township inboxes: gsi1pk `TWP#<township>`, gsi1sk `<status>#<dueDate>#<ref>`. */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', purpose: 'township inbox by status and due date' },
    /** Department queues: gsi2pk `DEPT#<department>`, gsi2sk `<status>#<dueDate>#<id>`. */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', purpose: 'department referrals by status and due date' },
    /** County supervision: gsi3pk `CTY#<county>`, gsi3sk `<kind>#<status>#<dueDate>#<id>`. */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', purpose: 'county supervision, active cases by county' },
    /** City-wide lists: gsi4pk `<collection>`, gsi4sk `<ordering key>` (publicity rosters, registries). */
    { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', purpose: 'city-wide collections' },
  ],
} as const;

export type IndexName = (typeof TABLE.indexes)[number]['name'];

/** Bump when an item shape changes; a backfill job migrates old items (docs/architecture.md § Errors and schema). */
export const SCHEMA_VERSION = 2;
/**
 * 1 → 2 (the registry): cases point at their household (`householdId`), members carry their `person`, an
 * enrolment lists its `persons`, and active enrolments hold their registry slots. The `registry-check` job
 * (shared/registry/backfill.ts) migrates version-1 cases; `npm start` runs it on a kept DATA_DIR.
 */
