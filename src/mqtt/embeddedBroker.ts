/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1) that `npm start` runs when no MQTT_URL is configured.
 * In-memory persistence: retained messages (hub status), last wills and QoS 1 sessions live as long as the
 * process. Hubs in other processes connect to `url`; production deployments use Mosquitto/EMQX instead.
 */
import { type AddressInfo, createServer } from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from 'pino';

export { type ConnectMqttOptions, connectMqtt, type MqttWill } from './connectMqtt.ts';

export interface EmbeddedBrokerOptions {
  /** TCP port; 0 (the default) picks a free port — read it back from the result. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  logger: Logger;
}

export interface EmbeddedBroker {
  /** mqtt://host:port, ready for `connectMqtt`. */
  url: string;
  port: number;
  /** Disconnects every client and stops listening. */
  close(): Promise<void>;
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger.child({ component: 'mqtt-broker' });
  const aedes = await Aedes.createBroker();

  // Client ids and error messages only: packets can carry PINs and are never logged.
  aedes.on('clientError', (client, error) =>
    log.debug({ clientId: client.id, err: error.message }, 'mqtt client error'),
  );
  aedes.on('connectionError', (_client, error) => log.debug({ err: error.message }, 'mqtt connection error'));
  aedes.on('clientDisconnect', (client) => log.debug({ clientId: client.id }, 'mqtt client disconnected'));

  // noDelay: small packets go out at once instead of waiting on Nagle's algorithm (~40 ms per hop otherwise).
  const server = createServer({ noDelay: true }, aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Listening on every interface: this machine's own clients still connect through loopback.
  const dialHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `mqtt://${dialHost.includes(':') ? `[${dialHost}]` : dialHost}:${port}`;
  log.info({ url }, 'embedded mqtt broker listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        log.info('embedded mqtt broker closed');
      })();
      return closing;
    },
  };
}
