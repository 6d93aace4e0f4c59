export * from './topics.ts';
export * from './fields.ts';
export * from './commands.ts';
export * from './errors.ts';
export * from './views.ts';
export * from './names.ts';
export * from './upstream.ts';
export * from './devices.ts';
