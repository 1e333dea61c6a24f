import { useEffect, useState } from 'react';
import { type AppServices, startServices } from './app-services';

// One start per app run, shared by every page (Taro mounts pages separately).
let started: Promise<AppServices> | undefined;

export function getServices(): Promise<AppServices> {
  started ??= startServices();
  return started;
}

/** The services once started, or the error that stopped the start. */
export function useStartedServices(): { services?: AppServices; error?: unknown } {
  const [state, setState] = useState<{ services?: AppServices; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    getServices().then(
      (services) => live && setState({ services }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
