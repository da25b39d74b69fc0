export { cancel as run } from './queue.js';
