import { type Operation, Routing } from '@shopfloor/sdk';
import { client } from './client';
import { path } from './path';

// GET/PUT /routings/{item} exist on the server but have no SDK method yet: through client.request,
// checked against the SDK's Routing schema.
export const routings = {
  get: (item: string) => client.request({ method: 'GET', path: path`/routings/${item}`, schema: Routing }),
  put: (item: string, operations: Operation[]) =>
    client.request({ method: 'PUT', path: path`/routings/${item}`, body: { operations }, schema: Routing }),
};
