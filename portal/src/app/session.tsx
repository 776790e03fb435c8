// The signed-in person and what every view reads with them: the API client, their city's pack in
// force (labels, rating scale, redirect categories) and the city's units. The pack and units load
// in the background; views use fallback labels until then.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { SignedInUser, Unit } from '../api/types';
import { FORM_LABELS, TICKET_TYPE_LABELS, URGENCY_LABELS, labelOf } from '../lib/labels';
import { chinaDay, type PackInfo, packInForce, packInfoOf } from '../pack/pack-info';

export interface Session {
  api: ApiClient;
  user: SignedInUser;
  city: string;
  pack: PackInfo | null;
  units: Unit[];
  signOut(): void;
  typeLabel(key: string | null | undefined): string;
  urgencyLabel(key: string | null | undefined): string;
  formLabel(key: string | null | undefined): string;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

export async function loadPackInfo(api: ApiClient, city: string): Promise<PackInfo | null> {
  const today = chinaDay();
  const inForce = packInForce(await api.packVersions(city), today);
  if (!inForce) return null;
  const { files } = await api.packFiles(city, inForce.number);
  return packInfoOf(files, inForce.number, today);
}

export function SessionProvider({ api, user, signOut, children }: { api: ApiClient; user: SignedInUser; signOut(): void; children: ReactNode }) {
  const city = user.city.id;
  const [pack, setPack] = useState<PackInfo | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    let live = true;
    loadPackInfo(api, city).then((p) => live && setPack(p), () => undefined);
    api.units(city).then((u) => live && setUnits(u), () => undefined);
    return () => {
      live = false;
    };
  }, [api, city]);

  const value = useMemo<Session>(() => {
    const fromPack = (list: Array<{ key: string; label: string }> | undefined, fallback: Record<string, string>) => {
      const labels = { ...fallback, ...Object.fromEntries((list ?? []).map((o) => [o.key, o.label])) };
      return (key: string | null | undefined) => labelOf(labels, key);
    };
    return {
      api,
      user: pack?.cityName && user.city.name === user.city.id ? { ...user, city: { id: city, name: pack.cityName } } : user,
      city,
      pack,
      units,
      signOut,
      typeLabel: fromPack(pack?.ticketTypes, TICKET_TYPE_LABELS),
      urgencyLabel: fromPack(pack?.urgencyClasses, URGENCY_LABELS),
      formLabel: (key) => labelOf(FORM_LABELS, key),
    };
  }, [api, user, city, pack, units, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
