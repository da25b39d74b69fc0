export { cancel as run } from './schedule.js';
