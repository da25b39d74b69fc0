export { list as run } from './schedule.js';
