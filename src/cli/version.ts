declare const __ORC_VERSION__: string | undefined;
/** Injected by the CLI bundler; falls back for tsx/vitest runs. */
export const VERSION: string = typeof __ORC_VERSION__ === 'string' ? __ORC_VERSION__ : '0.0.0-dev';
