// A pack as one archive: .tar.gz and .zip written without an archive library, read back (also as
// `tar` and `zip` write them), and refused when they are not a pack folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_PACKS_DIR, readPackFolder, writePackFolder } from '@hotline/cities';
import { readArchive, writeArchive } from '../src/modules/packs/pack-archive';
import { renameProcesses } from '@hotline/cities';

const scratch = mkdtempSync(join(tmpdir(), 'hotline-archive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tianjin = readPackFolder(join(SHIPPED_PACKS_DIR, 'tianjin'));
const refusal = (archive: Buffer) => {
  try {
    readArchive(archive);
  } catch (e) {
    return (e as { issues?: Array<{ where: string; message: string }> }).issues?.[0];
  }
  throw new Error('the archive was accepted');
};

describe('pack archives', () => {
  it.each(['tar.gz', 'zip'] as const)('writes a %s that the system tools unpack to the pack folder, byte for byte, and reads it back', (format) => {
    const file = join(scratch, `tianjin.${format}`);
    writeFileSync(file, writeArchive(format, 'tianjin', tianjin, Date.parse('2026-11-21T00:00:00Z')));
    const out = join(scratch, `out-${format}`);
    execFileSync('mkdir', ['-p', out]);
    if (format === 'zip') execFileSync('unzip', ['-q', file, '-d', out]);
    else execFileSync('tar', ['xzf', file, '-C', out]);
    expect(readPackFolder(join(out, 'tianjin'))).toEqual(tianjin);
    expect(readArchive(readFileSync(file))).toEqual(tianjin);
    expect(writeArchive(format, 'tianjin', tianjin, 0)).toEqual(writeArchive(format, 'tianjin', tianjin, 0));
  });

  it('reads archives made by tar and zip, with or without the top folder, skipping what file managers add', () => {
    const dir = join(scratch, 'made', 'tianjin');
    writePackFolder(dir, tianjin);
    writeFileSync(join(dir, '.DS_Store'), 'junk');
    execFileSync('tar', ['czf', join(scratch, 'made.tar.gz'), '-C', join(scratch, 'made'), 'tianjin']);
    execFileSync('zip', ['-qr', join(scratch, 'flat.zip'), '.'], { cwd: dir });
    expect(readArchive(readFileSync(join(scratch, 'made.tar.gz')))).toEqual(tianjin);
    expect(readArchive(readFileSync(join(scratch, 'flat.zip')))).toEqual(tianjin);
  });

  it('refuses what is not a pack folder: another format, links, escaping paths, binary files', () => {
    expect(refusal(Buffer.from('hello'))).toEqual({ where: 'archive', message: 'is neither a .tar.gz nor a .zip archive' });
    const linked = join(scratch, 'linked');
    writePackFolder(linked, tianjin);
    symlinkSync('/etc/passwd', join(linked, 'passwd'));
    execFileSync('tar', ['czf', join(scratch, 'linked.tar.gz'), '-C', linked, '.']);
    expect(refusal(readFileSync(join(scratch, 'linked.tar.gz')))?.message).toMatch(/not a plain file/);
    expect(refusal(writeArchive('zip', '..', [{ path: 'city.json', text: '{}' }]))).toEqual({ where: '../city.json', message: 'is not a relative path inside the pack folder' });
    const binary = writeArchive('tar.gz', 'x', [{ path: 'city.json', text: '{}' }, { path: 'logo.png', text: '\0PNG' }]);
    expect(refusal(binary)).toEqual({ where: 'logo.png', message: 'is not a text file (pack files are JSON and BPMN text)' });
    expect(refusal(gzipSync(Buffer.alloc(1024)))?.message).toBe('holds no files');
  });
});

describe('renameProcesses', () => {
  it('names the copied processes after the new city, in the process and in the diagram', () => {
    const turpan = readPackFolder(join(SHIPPED_PACKS_DIR, 'turpan'));
    const renamed = renameProcesses(turpan, 'turpan', 'shanshan');
    const xml = renamed.find((f) => f.path === 'processes/ticket.bpmn')!.text;
    expect(xml).toContain('<bpmn:process id="ticket-shanshan"');
    expect(xml).toContain('bpmnElement="ticket-shanshan"');
    expect(xml).not.toContain('ticket-turpan');
    expect(renamed.filter((f) => !f.path.endsWith('.bpmn'))).toEqual(turpan.filter((f) => !f.path.endsWith('.bpmn')));
  });
});
