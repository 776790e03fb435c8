// The web apps' files: hashed assets cached for good and gzipped, index.html for every app route,
// 404s (never index.html) for /api paths and missing assets, nothing outside the folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileInside, staticApps } from '../src/http/static-apps';

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'static-apps-'));
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>portal</title>');
  writeFileSync(join(root, 'dist', 'assets', 'index-abc123.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  writeFileSync(join(root, 'secret.txt'), 'outside');
  app = Fastify();
  await app.register(staticApps, { apps: [{ prefix: '/', root: join(root, 'dist'), buildCommand: 'npm run build --workspace portal' }] });
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

describe('static apps', () => {
  it('serves index.html at / and for any app route, never cached', async () => {
    for (const url of ['/', '/tasks/8c1f', '/reviews?queue=extensionReview']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>portal</title>');
    }
  });

  it('serves hashed assets for a year, gzipped when asked', async () => {
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const zipped = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBeLessThan(plain.body.length);
  });

  it('answers 404 for API paths, missing assets and anything outside the folder', async () => {
    const api = await app.inject({ url: '/api/cities/tianjin/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /api/cities/tianjin/nothing' } });
    expect((await app.inject({ url: '/assets/gone-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/..%2fsecret.txt' })).statusCode).toBe(404);
    expect(fileInside('/srv/dist', '%2e%2e/secret.txt')).toBeNull();
    expect(fileInside('/srv/dist', 'assets/a.js')).toBe('/srv/dist/assets/a.js');
  });

  it('serves a second app under its prefix, and redirects the bare prefix', async () => {
    const two = Fastify();
    mkdirSync(join(root, 'modeler', 'assets'), { recursive: true });
    writeFileSync(join(root, 'modeler', 'index.html'), '<title>modeler</title>');
    await two.register(staticApps, {
      apps: [
        { prefix: '/', root: join(root, 'dist'), buildCommand: 'npm run build --workspace portal' },
        { prefix: '/modeler/', root: join(root, 'modeler'), buildCommand: 'npm run build --workspace modeler' },
      ],
    });
    expect((await two.inject({ url: '/modeler/processes' })).body).toContain('<title>modeler</title>');
    expect((await two.inject({ url: '/tasks/1' })).body).toContain('<title>portal</title>');
    const bare = await two.inject({ url: '/modeler' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/modeler/');
    await two.close();
  });

  it('says how to build the app when it has not been built', async () => {
    const bare = Fastify();
    await bare.register(staticApps, { apps: [{ prefix: '/', root: join(root, 'nowhere'), buildCommand: 'npm run build --workspace portal' }] });
    const res = await bare.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build --workspace portal');
    await bare.close();
  });
});
