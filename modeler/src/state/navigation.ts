// Where an issue is fixed: which editor tab, and for rule-version issues which version file.
import type { PackIssue } from '@hotline/rules';

export type EditorTab = 'process' | 'deadlines' | 'warnings' | 'redirects' | 'rating' | 'policies' | 'calendar' | 'roles' | 'matters' | 'forms' | 'files' | 'issues' | 'diff' | 'rollout';

export function tabOfIssue(issue: Pick<PackIssue, 'file' | 'path'>): EditorTab {
  const { file, path } = issue;
  if (/^processes\//.test(file)) return 'process';
  if (/^forms\//.test(file) || file === 'forms') return 'forms';
  if (/^calendar\//.test(file)) return 'calendar';
  if (file === 'matters.json') return 'matters';
  if (file === 'city.json') {
    if (path.startsWith('/calendarLayers')) return 'calendar';
    if (path.startsWith('/roles') || path.startsWith('/stages')) return 'roles';
    return 'files';
  }
  if (/^versions\/[^/]+\.json$/.test(file)) {
    if (path.startsWith('/deadlines') || path === '/workingDayMode') return 'deadlines';
    if (path.startsWith('/warnings') || path.startsWith('/supervisionTriggers')) return 'warnings';
    if (path.startsWith('/redirectCategories')) return 'redirects';
    if (path.startsWith('/rating')) return 'rating';
    if (path.startsWith('/policies')) return 'policies';
  }
  return 'files';
}
