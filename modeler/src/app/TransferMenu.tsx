// 导入 / 导出: a whole pack in and out of the modeler — as a folder (the form `hotline city
// validate|import` reads) or as one .tar.gz / .zip archive (from the server). An import becomes a new
// draft of the city, checked in the editors before it can be published.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Dropdown } from 'antd';
import { useRef } from 'react';
import type { PackFile } from '@hotline/rules';
import type { PackVersion } from '../api';
import type { PackSource } from '../pack-source';

/** The files of a folder picked with `<input webkitdirectory>`, paths relative to that folder. */
export async function folderFiles(list: FileList): Promise<{ folder: string; files: PackFile[] }> {
  const all = await Promise.all(
    Array.from(list).map(async (file) => ({ path: (file.webkitRelativePath || file.name).split('/').slice(1).join('/'), text: await file.text() })),
  );
  const files = all.filter((f) => f.path !== '' && !f.path.split('/').some((part) => part.startsWith('.') || part === 'node_modules'));
  return { folder: list[0]?.webkitRelativePath.split('/')[0] || 'pack', files };
}

interface DirectoryHandle {
  getDirectoryHandle(name: string, options: { create: boolean }): Promise<DirectoryHandle>;
  getFileHandle(name: string, options: { create: boolean }): Promise<{ createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }> }>;
}

async function writeFolder(root: DirectoryHandle, files: readonly PackFile[]): Promise<void> {
  for (const file of files) {
    const parts = file.path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
    const handle = await dir.getFileHandle(parts.at(-1)!, { create: true });
    const writable = await handle.createWritable();
    await writable.write(file.text);
    await writable.close();
  }
}

export interface TransferMenuProps {
  source: PackSource;
  city: string | null;
  version: PackVersion | null;
  /** The files as edited (what a folder export writes). */
  files: readonly PackFile[];
  dirty: boolean;
  onImported(version: PackVersion): void;
}

export function TransferMenu({ source, city, version, files, dirty, onImported }: TransferMenuProps) {
  const { message } = AntApp.useApp();
  const folderInput = useRef<HTMLInputElement>(null);
  const archiveInput = useRef<HTMLInputElement>(null);
  const canPickFolder = typeof window !== 'undefined' && 'showDirectoryPicker' in window;

  const download = (format: 'tar.gz' | 'zip') => {
    if (!city || !version || !source.archiveUrl) return;
    if (dirty) void message.warning('下载的是已保存的版本；未保存的修改不在其中');
    const link = document.createElement('a');
    link.href = source.archiveUrl(city, version.number, format);
    link.download = `${city}-v${version.number}.${format}`;
    document.body.appendChild(link);
    link.click();
    link.remove();
  };

  const exportFolder = async () => {
    if (!city) return;
    try {
      const picked = await (window as unknown as { showDirectoryPicker(o: object): Promise<DirectoryHandle> }).showDirectoryPicker({ mode: 'readwrite' });
      await writeFolder(await picked.getDirectoryHandle(city, { create: true }), files);
      void message.success(`已导出到文件夹 ${city}/（${files.length} 个文件）`);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') void message.error(`导出失败：${(e as Error).message}`);
    }
  };

  const imported = (v: PackVersion) => {
    void message.success(`已导入为草稿 #${v.number}`);
    onImported(v);
  };
  const importFolder = async (list: FileList | null) => {
    if (!city || !list || list.length === 0) return;
    const { folder, files: picked } = await folderFiles(list);
    try {
      imported(await source.importFiles(city, picked, folder));
    } catch (e) {
      void message.error(`导入失败：${(e as Error).message}`);
    }
  };
  const importArchive = async (list: FileList | null) => {
    const file = list?.[0];
    if (!city || !file || !source.importArchive) return;
    try {
      imported(await source.importArchive(city, file, file.name));
    } catch (e) {
      void message.error(`导入失败：${(e as Error).message}`);
    }
  };

  return (
    <>
      <Dropdown
        disabled={!city || !version}
        menu={{
          items: [
            ...(source.archiveUrl
              ? [
                  { key: 'tar.gz', label: <span data-testid="export-targz">下载 .tar.gz</span>, onClick: () => download('tar.gz') },
                  { key: 'zip', label: <span data-testid="export-zip">下载 .zip</span>, onClick: () => download('zip') },
                ]
              : []),
            { key: 'folder', disabled: !canPickFolder, label: <span data-testid="export-folder">导出到文件夹…{canPickFolder ? '' : '（此浏览器不支持）'}</span>, onClick: () => void exportFolder() },
          ],
        }}
      >
        <Button data-testid="export-button" icon={<DownloadOutlined />}>
          导出
        </Button>
      </Dropdown>
      <Dropdown
        disabled={!city}
        menu={{
          items: [
            { key: 'folder', label: <span data-testid="import-folder">导入城市包文件夹…</span>, onClick: () => folderInput.current?.click() },
            ...(source.importArchive ? [{ key: 'archive', label: <span data-testid="import-archive">导入压缩包（.tar.gz / .zip）…</span>, onClick: () => archiveInput.current?.click() }] : []),
          ],
        }}
      >
        <Button data-testid="import-button" icon={<UploadOutlined />}>
          导入
        </Button>
      </Dropdown>
      <input
        ref={folderInput}
        data-testid="import-folder-input"
        type="file"
        style={{ display: 'none' }}
        // @ts-expect-error webkitdirectory is not in React's input attributes
        webkitdirectory=""
        multiple
        onChange={(e) => {
          void importFolder(e.target.files);
          e.target.value = '';
        }}
      />
      <input
        ref={archiveInput}
        data-testid="import-archive-input"
        type="file"
        accept=".tar.gz,.tgz,.zip,application/gzip,application/zip"
        style={{ display: 'none' }}
        onChange={(e) => {
          void importArchive(e.target.files);
          e.target.value = '';
        }}
      />
    </>
  );
}
