/** The web UI's routes (server.ts) as the OpenAPI document describes them. */
import type { Operation } from '../http/openapi/operation.ts';

const html = (summary: string, path: string): Operation => ({ method: 'get', path, summary, tag: 'ui', access: 'public', responses: { 200: { description: 'HTML page', contentType: 'text/html' } } });

export const UI_OPERATIONS: readonly Operation[] = [
  html('The union search page', '/'),
  html('The librarian page (its data needs the librarian role)', '/librarian'),
  html('我的申请: the signed-in reader’s requests (its data needs sign-in)', '/requests'),
  {
    method: 'get',
    path: '/ui/:file',
    summary: 'The bundled scripts and stylesheet; hashed names (the production build) are cached for a year',
    tag: 'ui',
    access: 'public',
    pathParams: { file: 'A file name the pages link.' },
    responses: { 200: { description: 'JavaScript or CSS', contentType: 'application/javascript' }, 404: { description: 'No such file', contentType: 'text/plain' } },
  },
];
