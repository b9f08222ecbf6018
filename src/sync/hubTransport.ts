import type { HubCommand } from './hubProtocol.ts';

/** How commands leave Keyway for a hub (MQTT in production; the same interface in every test). */
export interface HubTransport {
  publishCommand(hubId: string, command: HubCommand): Promise<void>;
}
