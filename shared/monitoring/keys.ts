/**
 * Key shapes of 政策找人 (docs/architecture.md § Data model): a feed and its sealed chunks share a partition;
 * an alert is its own item, in its township's list (gsi1 `MONALERTS#<township>`) and its county's
 * supervision (gsi3 `CTY#<county>`, `MONALERT#<status>#<due>#<id>`), both by status then due date.
 */
export const monitoringKeys = {
  feed: (id: string) => ({ pk: `MONFEED#${id}`, sk: 'FEED' }),
  chunk: (id: string, n: number) => ({ pk: `MONFEED#${id}`, sk: `CHUNK#${String(n).padStart(5, '0')}` }),
  alert: (id: string) => ({ pk: `MONALERT#${id}`, sk: 'ALERT' }),
} as const;

export const alertIndexKeys = (a: { id: string; status: string; dueDate: string; township: string; county: string }) => ({
  gsi1pk: `MONALERTS#${a.township}`,
  gsi1sk: `${a.status}#${a.dueDate}#${a.id}`,
  gsi3pk: `CTY#${a.county}`,
  gsi3sk: `MONALERT#${a.status}#${a.dueDate}#${a.id}`,
});
