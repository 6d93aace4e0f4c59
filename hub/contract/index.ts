export * from './topics.ts';
export * from './commands.ts';
export * from './errors.ts';
export * from './views.ts';
