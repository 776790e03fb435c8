// The roll-out checklist of a city pack: what an implementer must still do before the city can go
// live. From the pack alone: the working-day calendar of this year and the next for every layer, every
// value marked `assumption` (with its file and JSON path), the note `hotline city new` leaves on a
// copied pack, a city name still a placeholder, processes still named after another city. From the
// server: units and users per role (organisationChecklist). Pure: the server's checklist endpoint and
// the modeler's local mode both use it.
import { PLATFORM_ROLE_LABELS, type PackFile } from '@hotline/rules';

export type RolloutGroup = 'calendar' | 'organisation' | 'assumptions' | 'copy' | 'processes';
export type RolloutStatus = 'missing' | 'todo' | 'ok';

export interface RolloutItem {
  /** Stable, for tests and React keys: `calendar:national:2027`, `assumption:versions/2025.json:/deadlines/0`. */
  key: string;
  group: RolloutGroup;
  /** missing: the city cannot run without it; todo: to confirm or replace; ok: done. */
  status: RolloutStatus;
  title: string;
  detail?: string;
  file?: string;
  path?: string;
}

/** What `hotline city new` (newPackFrom of @hotline/cities) writes on each copied rule version. */
export const COPIED_NOTE = /^Copied from (\S+?)'s rules/;
/** The placeholder name `hotline city new` gives a city. */
export const PLACEHOLDER_NAME = /（新城市，待填写）$/;

const PROCESS = /^processes\/[^/]+\.bpmn$/;

const pointerPart = (part: string | number) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`;

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Every `assumption` of a JSON value, with the pointer of the object that carries it. */
export function assumptionsOf(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => assumptionsOf(v, path + pointerPart(i)));
  if (value === null || typeof value !== 'object') return [];
  const out: Array<{ path: string; text: string }> = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'assumption' && typeof v === 'string') out.push({ path, text: v });
    else out.push(...assumptionsOf(v, path + pointerPart(key)));
  }
  return out;
}

/** Roles named as candidate groups by the pack's processes (who must exist to work its tickets). */
export function rolesInProcesses(files: readonly PackFile[]): string[] {
  const roles = new Set<string>();
  for (const file of files) {
    if (!PROCESS.test(file.path)) continue;
    for (const m of file.text.matchAll(/candidateGroups\s*=\s*"([^"]*)"/g)) {
      for (const role of (m[1] ?? '').split(',')) if (role.trim() && !role.trim().startsWith('=')) roles.add(role.trim());
    }
  }
  return [...roles].sort();
}

export function processIdsOf(xml: string): string[] {
  return [...xml.matchAll(/<(?:[\w-]+:)?process\b([^>]*)>/g)].flatMap((m) => {
    const id = /\bid\s*=\s*"([^"]+)"/.exec(m[1] ?? '')?.[1];
    return id === undefined ? [] : [id];
  });
}

export interface PackChecklistOptions {
  /** The local date (YYYY-MM-DD) whose year and the next need a calendar. */
  today: string;
}

export function packChecklist(files: readonly PackFile[], options: PackChecklistOptions): RolloutItem[] {
  const items: RolloutItem[] = [];
  const city = parse(files.find((f) => f.path === 'city.json')?.text) as { id?: unknown; name?: unknown; calendarLayers?: unknown } | undefined;
  const cityId = typeof city?.id === 'string' ? city.id : '';
  const year = Number(options.today.slice(0, 4));

  if (typeof city?.name === 'string' && PLACEHOLDER_NAME.test(city.name)) {
    items.push({ key: 'city-name', group: 'copy', status: 'todo', title: `城市名称仍是占位名“${city.name}”`, detail: '在 city.json 中填写城市的正式名称', file: 'city.json', path: '/name' });
  }

  const layers = Array.isArray(city?.calendarLayers) ? city.calendarLayers.filter((l): l is string => typeof l === 'string') : [];
  for (const layer of layers) {
    for (const y of [year, year + 1]) {
      const file = `calendar/${layer}-${y}.json`;
      const present = files.some((f) => f.path === file);
      items.push({
        key: `calendar:${layer}:${y}`,
        group: 'calendar',
        status: present ? 'ok' : 'missing',
        title: `${y} 年工作日历（${layer}）${present ? '已录入' : '未录入'}`,
        ...(present
          ? {}
          : { detail: `没有 ${file}：该年的期限只按周末计算并标记为“暂定”（provisional），录入国务院（及地方）放假通知后重新计算` }),
        file,
      });
    }
  }

  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (!file.path.endsWith('.json')) continue;
    for (const found of assumptionsOf(parse(file.text))) {
      const copied = COPIED_NOTE.exec(found.text);
      if (copied && /^versions\//.test(file.path) && found.path === '') {
        items.push({
          key: `copied:${file.path}`,
          group: 'copy',
          status: 'todo',
          title: `规则版本 ${file.path} 复制自 ${copied[1]}，仍引用 ${copied[1]} 的法规`,
          detail: found.text,
          file: file.path,
          path: '/assumption',
        });
        continue;
      }
      items.push({
        key: `assumption:${file.path}:${found.path}`,
        group: 'assumptions',
        status: 'todo',
        title: `待确认的假设：${file.path} ${found.path || '/'}`,
        detail: found.text,
        file: file.path,
        path: `${found.path}/assumption`,
      });
    }
  }

  for (const file of files) {
    if (!PROCESS.test(file.path)) continue;
    for (const id of processIdsOf(file.text)) {
      const own = cityId !== '' && id.endsWith(`-${cityId}`);
      items.push({
        key: `process:${file.path}:${id}`,
        group: 'processes',
        status: own ? 'ok' : 'todo',
        title: own ? `流程 ${id}（${file.path}）` : `流程 id “${id}” 不以 -${cityId} 结尾`,
        ...(own ? {} : { detail: '各城市的流程部署在同一个流程引擎上：流程 id 以城市 id 结尾（如 ticket-' + cityId + '），便于区分和监控' }),
        file: file.path,
      });
    }
  }
  return items;
}

export interface OrganisationFacts {
  units: Array<{ kind: string }>;
  /** How many places (区划) the city has: registration picks a ticket's place among them. */
  places: number;
  /** Users per role. */
  usersByRole: Record<string, number>;
}

const ROLE_ZH: Record<string, string> = {
  registrar: '受理',
  dispatcher: '派单',
  reviewer: '审核',
  returnVisit: '回访',
  supervisor: '督办',
  unitHandler: '承办单位经办人',
  unitLeader: '承办单位负责人',
  ...PLATFORM_ROLE_LABELS,
};

/** Units and users per role: the roles the processes name, and policy staff and implementers. */
export function organisationChecklist(files: readonly PackFile[], facts: OrganisationFacts): RolloutItem[] {
  const items: RolloutItem[] = [];
  const centre = facts.units.some((u) => u.kind === 'centre');
  const handling = facts.units.filter((u) => u.kind !== 'centre').length;
  items.push({ key: 'units:centre', group: 'organisation', status: centre ? 'ok' : 'missing', title: centre ? '已有热线工作机构（centre）' : '没有热线工作机构（kind centre 的单位）' });
  items.push({
    key: 'units:handling',
    group: 'organisation',
    status: handling > 0 ? 'ok' : 'missing',
    title: handling > 0 ? `承办单位 ${handling} 个` : '没有承办单位',
    ...(handling > 0 ? {} : { detail: '导入组织机构文件（units.csv / JSON，见 server/demo/）' }),
  });
  items.push({
    key: 'places',
    group: 'organisation',
    status: facts.places > 0 ? 'ok' : 'missing',
    title: facts.places > 0 ? `区划 ${facts.places} 个` : '没有区划，登记时无法选择事发区划',
    ...(facts.places > 0 ? {} : { detail: '导入组织机构文件中的区划（places.csv 或 JSON 的 places，见 server/demo/）' }),
  });
  const roles = [...new Set([...rolesInProcesses(files), 'policy', 'admin'])];
  for (const role of roles) {
    const n = facts.usersByRole[role] ?? 0;
    items.push({
      key: `role:${role}`,
      group: 'organisation',
      status: n > 0 ? 'ok' : 'missing',
      title: `${ROLE_ZH[role] ?? role}（${role}）：${n > 0 ? `${n} 人` : '无人'}`,
      ...(n > 0 ? {} : { detail: `流程中有任务分给 ${role}，但该城市没有此角色的用户` }),
    });
  }
  return items;
}

export function checklistSummary(items: readonly RolloutItem[]): Record<RolloutStatus, number> {
  const out: Record<RolloutStatus, number> = { missing: 0, todo: 0, ok: 0 };
  for (const item of items) out[item.status]++;
  return out;
}
