import { client } from '../../api/client';

/** `GET /work-centers/load` (its schema lives on the server; docs/planning.md). */
export interface WorkCenterLoad {
  from: string;
  to: string;
  workCenters: { code: string | null; name: string; workshop: string | null; stations: number }[];
  days: {
    workCenter: string | null;
    date: string;
    plannedMinutes: number;
    availableMinutes: number;
    overloaded: boolean;
  }[];
  operations: LoadOperation[];
}

export interface LoadOperation {
  workOrderNo: string;
  seq: number;
  name: string;
  workCenter: string | null;
  workshop: string;
  owner: string | null;
  ownerName: string | null;
  plannedStart: string;
  plannedEnd: string;
  loadMinutes: number;
}

export const loadApi = {
  load: (query: { from: string; to: string; workshop?: string }) =>
    client.request<WorkCenterLoad>({
      method: 'GET',
      path: '/work-centers/load',
      query: { from: query.from, to: query.to, ...(query.workshop ? { workshop: query.workshop } : {}) },
    }),
};

/** The operations of one cell: those of the work center whose plan touches the day (Asia/Shanghai). */
export function operationsOn(load: WorkCenterLoad, workCenter: string | null, date: string): LoadOperation[] {
  const start = Date.parse(`${date}T00:00:00+08:00`);
  const end = start + 86_400_000;
  return load.operations.filter(
    (op) =>
      op.workCenter === workCenter && Date.parse(op.plannedStart) < end && Date.parse(op.plannedEnd) > start,
  );
}
