/** The hub's SQLite files in its data folder, one per store, named after the site so that several sites can share a folder. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DataFiles {
  events: string;
  mirror: string;
  staff: string;
  remote: string;
  sms: string;
}

export async function dataFiles(dataDir: string, siteId: string): Promise<DataFiles> {
  await mkdir(dataDir, { recursive: true });
  const file = (store: string) => join(dataDir, `${siteId}.${store}.sqlite`);
  return { events: file('events'), mirror: file('mirror'), staff: file('staff'), remote: file('remote'), sms: file('sms') };
}
