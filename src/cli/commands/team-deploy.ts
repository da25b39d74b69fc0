export { deploy as run } from './team.js';
