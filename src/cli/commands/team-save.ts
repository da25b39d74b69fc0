export { save as run } from './team.js';
