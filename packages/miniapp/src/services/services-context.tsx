import type { AuthSession, OutboxState } from '@shopfloor/sdk';
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AppServices } from './app-services';

export const ServicesContext = createContext<AppServices | null>(null);

/** The app's services; only components rendered inside <Screen> (after start) may call it. */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <Screen>: the services are not started yet');
  return services;
}

/** The outbox's state ("pending N", sending, dead letters), re-rendering on every change. */
export function useOutboxState(): OutboxState {
  const { outbox } = useServices();
  return useSyncExternalStore(outbox.subscribe, outbox.getState, outbox.getState);
}

export function useOnline(): boolean {
  const { platform } = useServices();
  const { network } = platform;
  return useSyncExternalStore(network.subscribe, network.isOnline, network.isOnline);
}

export function useSession(): AuthSession | null {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}
