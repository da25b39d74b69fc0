export * from './vocabulary.js';
export * from './domain.js';
export * from './settings.js';
export * from './api.js';
export * from './wire.js';
