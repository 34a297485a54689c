import 'vitest';
import type { TestProject } from 'vitest/node';
import { createScratchDatabase } from '../helpers/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/** One PostgreSQL database per integration run; suites take a schema each; dropped at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await createScratchDatabase();
  project.provide('pgUrl', database.url);
  return () => database.drop();
}
