// Reminders and notifications (提醒): the outbox (written with its event), the channels, the dispatcher.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ServerConfig } from '../../config';
import { type NotificationChannel, PortalChannel, SmsChannel } from './channels';
import { type DispatcherOptions, NotificationDispatcher } from './dispatcher';
import { HttpSmsGateway } from './sms-gateway';

export { notifySupervisionOrderIssued, type IssuedSupervisionOrder } from './outbox';
export { NotificationDispatcher } from './dispatcher';

/** The channels the configuration gives: always the portal; SMS when a gateway is configured. */
export function configuredChannels(db: Knex, sms: ServerConfig['sms']): NotificationChannel[] {
  return [new PortalChannel(db), ...(sms ? [new SmsChannel(db, new HttpSmsGateway(sms))] : [])];
}

export function startNotifications(db: Knex, config: Pick<ServerConfig, 'sms'>, log: Logger, options: DispatcherOptions = {}): NotificationDispatcher {
  const dispatcher = new NotificationDispatcher(db, configuredChannels(db, config.sms), log.child({ component: 'notifications' }), options);
  dispatcher.start();
  return dispatcher;
}
