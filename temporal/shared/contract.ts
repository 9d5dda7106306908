/** The whole contract for code outside the workflow: handles, policies and the zod schemas. */
export * from './workflow-contract';
export * from './schemas';
