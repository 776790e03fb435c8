// A whole pack as one file to download or upload: a gzipped tar (ustar) or a zip, each holding the
// pack folder `<city>/...` as `hotline city export` writes it. Reading accepts either (and a plain
// tar), with or without the top folder, skips what file managers add (`__MACOSX/`, `._*`,
// `.DS_Store`), and refuses what is not a pack folder: absolute or `..` paths, links, binary files,
// more than MAX_FILES files or MAX_BYTES bytes unpacked. Only node:zlib, no archive library.
import { crc32, deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import type { PackFile } from '@hotline/rules';
import { InputRejectedError } from '../../http/errors';
import { unsafePath } from './pack-checks';

export const ARCHIVE_FORMATS = ['tar.gz', 'zip'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

export const MAX_FILES = 2_000;
export const MAX_BYTES = 32 * 1024 * 1024;

export const ARCHIVE_TYPES: Record<ArchiveFormat, string> = { 'tar.gz': 'application/gzip', zip: 'application/zip' };

const refuse = (message: string, where = 'archive'): never => {
  throw new InputRejectedError('PACK_ARCHIVE_INVALID', 'the pack archive', [{ where, message }]);
};

// ---------- writing ----------

function octal(value: number, width: number): Buffer {
  return Buffer.from(`${value.toString(8).padStart(width - 1, '0')}\0`, 'ascii');
}

function tarHeader(name: string, size: number, mtime: number, type: '0' | '5'): Buffer {
  const header = Buffer.alloc(512);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 1);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`path too long for a tar archive: ${name}`);
  }
  header.write(base, 0, 100, 'utf8');
  octal(type === '5' ? 0o755 : 0o644, 8).copy(header, 100);
  octal(0, 8).copy(header, 108);
  octal(0, 8).copy(header, 116);
  octal(size, 12).copy(header, 124);
  octal(Math.floor(mtime / 1000), 12).copy(header, 136);
  header.fill(' ', 148, 156);
  header.write(type, 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write('hotline', 265, 32, 'ascii');
  header.write('hotline', 297, 32, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** The pack as `<folder>/<path>` entries of a gzipped tar; the same files give the same bytes. */
export function writeTarGz(folder: string, files: readonly PackFile[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  const dirs = new Set<string>([folder]);
  for (const file of files) {
    const segments = file.path.split('/');
    for (let i = 1; i < segments.length; i++) dirs.add(`${folder}/${segments.slice(0, i).join('/')}`);
  }
  for (const dir of [...dirs].sort()) parts.push(tarHeader(`${dir}/`, 0, mtime, '5'));
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const body = Buffer.from(file.text, 'utf8');
    parts.push(tarHeader(`${folder}/${file.path}`, body.length, mtime, '0'), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/** DOS date and time of an instant (zip's own format; 1980-01-01 at the earliest). */
function dosTime(ms: number): { time: number; date: number } {
  const d = new Date(Math.max(ms, Date.UTC(1980, 0, 1)));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** The pack as `<folder>/<path>` entries of a zip (deflated, UTF-8 names). */
export function writeZip(folder: string, files: readonly PackFile[], mtime = 0): Buffer {
  const { time, date } = dosTime(mtime);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const name = Buffer.from(`${folder}/${file.path}`, 'utf8');
    const body = Buffer.from(file.text, 'utf8');
    const data = deflateRawSync(body, { level: 9 });
    const crc = crc32(body);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by: unix, 3.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function writeArchive(format: ArchiveFormat, folder: string, files: readonly PackFile[], mtime = 0): Buffer {
  return format === 'zip' ? writeZip(folder, files, mtime) : writeTarGz(folder, files, mtime);
}

// ---------- reading ----------

interface Entry {
  name: string;
  data: Buffer;
}

const JUNK = (name: string) => name.split('/').some((part) => part === '__MACOSX' || part === '.DS_Store' || part.startsWith('._'));

function readString(buffer: Buffer, start: number, length: number): string {
  const slice = buffer.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end < 0 ? slice.length : end).toString('utf8');
}

function readTar(tar: Buffer): Entry[] {
  const entries: Entry[] = [];
  let offset = 0;
  let longName: string | null = null;
  let total = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(readString(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) refuse('is not a tar archive (a header has no size)');
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = readString(header, 345, 155);
    let name = longName ?? (prefix ? `${prefix}/${readString(header, 0, 100)}` : readString(header, 0, 100));
    longName = null;
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = readString(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
      if (path !== undefined) longName = path;
      continue;
    }
    if (type === 'g' || type === '5') continue;
    name = name.replace(/^\.\//, '');
    if (type !== '0' && type !== '\0' && type !== '7') refuse(`holds "${name}", which is not a plain file (links and devices are not part of a pack)`);
    total += size;
    if (total > MAX_BYTES) refuse(`unpacks to more than ${MAX_BYTES / 1024 / 1024} MB`);
    entries.push({ name, data: Buffer.from(data) });
  }
  return entries;
}

function readZip(zip: Buffer): Entry[] {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) refuse('is not a zip archive (no central directory)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: Entry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) refuse('is a damaged zip archive (central directory)');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const attributes = zip.readUInt32LE(at + 38);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (((attributes >>> 16) & 0o170000) === 0o120000) refuse(`holds "${name}", a symbolic link (links are not part of a pack)`);
    total += size;
    if (total > MAX_BYTES) refuse(`unpacks to more than ${MAX_BYTES / 1024 / 1024} MB`);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) refuse(`is a damaged zip archive (entry "${name}")`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw, { maxOutputLength: MAX_BYTES });
    else return refuse(`holds "${name}" compressed with method ${method}; save the zip with deflate (the usual) or store`);
    if (data.length !== size) refuse(`is a damaged zip archive ("${name}" unpacks to ${data.length} bytes, not ${size})`);
    entries.push({ name, data });
  }
  return entries;
}

/** The pack files of an archive (tar.gz, tar or zip, told apart by their first bytes). */
export function readArchive(archive: Buffer): PackFile[] {
  let entries: Entry[];
  if (archive.length >= 4 && archive.readUInt32LE(0) === 0x04034b50) entries = readZip(archive);
  else if (archive.length >= 4 && archive.readUInt32LE(0) === 0x06054b50) entries = [];
  else if (archive.length >= 2 && archive[0] === 0x1f && archive[1] === 0x8b) {
    let tar: Buffer;
    try {
      tar = gunzipSync(archive, { maxOutputLength: MAX_BYTES + 1024 * 1024 });
    } catch (e) {
      return refuse(`is not a readable .tar.gz: ${(e as Error).message}`);
    }
    entries = readTar(tar);
  } else if (archive.length >= 512 && archive.subarray(257, 262).toString('ascii') === 'ustar') entries = readTar(archive);
  else return refuse('is neither a .tar.gz nor a .zip archive');

  entries = entries.filter((e) => !JUNK(e.name));
  if (entries.length === 0) refuse('holds no files');
  if (entries.length > MAX_FILES) refuse(`holds ${entries.length} files, more than a pack has (${MAX_FILES} at most)`);
  for (const e of entries) if (e.name.startsWith('/') || unsafePath(e.name)) refuse('is not a relative path inside the pack folder', e.name);

  // the pack folder itself, when every entry lies in one folder that holds city.json
  const first = entries[0]!.name.split('/')[0]!;
  const inOneFolder = entries.every((e) => e.name.startsWith(`${first}/`)) && entries.some((e) => e.name === `${first}/city.json`);
  const files = entries.map((e) => {
    const path = inOneFolder ? e.name.slice(first.length + 1) : e.name;
    if (e.data.includes(0)) refuse('is not a text file (pack files are JSON and BPMN text)', path);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(e.data);
    if (text.includes('\uFFFD')) refuse('is not UTF-8 text', path);
    return { path, text };
  });
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) refuse('appears twice in the archive', f.path);
    seen.add(f.path);
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
