// Many machines: the fleet of tmux servers (local plus ssh hosts), host names and routing.
export { createFleet, withTimeout } from './fleet.js';
export type { Fleet, FleetOptions, FleetEvent, FleetMonitor, FleetConnection, HostResult, HostStatus } from './fleet.js';
export { HeldConnectionView, heldStatus, type ViewableConnection } from './held-view.js';
export { LOCAL_HOST, MAX_HOSTS, hostNameProblem, normalizeHosts, type HostSpec } from './names.js';
export { routeTarget, type Route } from './route.js';
export { qualifiedTarget } from '../../shared/hosts.js';
export { createFleetActions, type FleetActions } from './fleet-actions.js';
export { runOnHost, dirExistsOnHost, type HostTarget, type HostCommandResult } from './exec.js';
