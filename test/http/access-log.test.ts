import { Writable } from 'node:stream';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { accessLog } from '../../src/http/access-log.ts';
import { createLogger } from '../../src/logging.ts';

interface Line {
  level: number;
  req: { url: string };
  res: { statusCode: number };
}

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function logged(path: string): Promise<Line> {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      done();
    },
  });
  const app = express();
  app.use(accessLog(createLogger({ level: 'info', destination })));
  app.get('/status/:code', (req, res) => void res.status(Number(req.params.code)).end());
  app.get('/api/ill/drafts', (_req, res) => void res.status(200).end());
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer();
  await new Promise((resolve) => setImmediate(resolve));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('access log', () => {
  it('logs answers at info and server faults at error', async () => {
    expect((await logged('/status/200')).level).toBe(30);
    expect((await logged('/status/404')).level).toBe(30);
    expect((await logged('/status/500')).level).toBe(50);
    expect((await logged('/status/502')).level).toBe(50);
  });

  it('logs a 503 (load shed, counted by its metric) at info, not error', async () => {
    const line = await logged('/status/503');
    expect(line.level).toBe(30);
    expect(line.res.statusCode).toBe(503);
    // pino-http's stand-in error ("failed with status code 503", a stack into pino-http) says nothing the status does not.
    expect(line).not.toHaveProperty('err');
  });

  it('keeps the query string of ILL routes (reader barcodes) out of the log', async () => {
    expect((await logged('/api/ill/drafts?reader=2023010101')).req.url).toBe('/api/ill/drafts');
  });
});
