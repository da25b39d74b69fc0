export { templates as run } from './team.js';
