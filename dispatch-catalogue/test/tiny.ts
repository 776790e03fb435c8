// A tiny taxonomy, places and units for the catalogue's tests (the shape @hotline/rules' MatterTaxonomy has).
import type { CatalogueEntry, CatalogueUnit, MatterLookup, Place } from '../src';

interface Node {
  code: string;
  label: string;
  functional?: boolean;
  disputed?: boolean;
}

const NODES: Node[] = [
  { code: '01', label: '城乡建设' },
  { code: '0101', label: '市容环境' },
  { code: '010101', label: '占道经营' },
  { code: '010102', label: '违法建设', disputed: true },
  { code: '0102', label: '供水', functional: true },
  { code: '010201', label: '停水' },
];

export const taxonomy: MatterLookup = {
  byCode: (code) => NODES.find((n) => n.code === code),
  ancestorsOf: (code) => NODES.filter((n) => code.startsWith(n.code) && n.code !== code).map((n) => n.code).reverse(),
  isDisputed: (code) => NODES.some((n) => code.startsWith(n.code) && n.disputed),
  isFunctional: (code) => NODES.some((n) => code.startsWith(n.code) && n.functional),
  label: (code) => NODES.filter((n) => code.startsWith(n.code)).map((n) => n.label).join(' › '),
};

export const places: Place[] = [
  { code: 'heping', name: '和平区', kind: 'district', parent: null },
  { code: 'heping.quanyechang', name: '劝业场街道', kind: 'street', parent: 'heping' },
  { code: 'heping.quanyechang.xinxing', name: '新兴社区', kind: 'community', parent: 'heping.quanyechang' },
  { code: 'hexi', name: '河西区', kind: 'district', parent: null },
];

export const units: CatalogueUnit[] = [
  { code: 'tj.cgw', name: '市城市管理委', kind: 'department' },
  { code: 'tj.swj', name: '市水务局', kind: 'department' },
  { code: 'heping', name: '和平区', kind: 'district' },
  { code: 'heping.quanyechang', name: '劝业场街道', kind: 'street' },
];

export const entry = (over: Partial<CatalogueEntry>): CatalogueEntry => ({
  matter: '010101',
  place: null,
  leadUnit: 'tj.cgw',
  assistingUnits: [],
  basis: '市城市管理委权责清单：占道经营的查处',
  effectiveFrom: '2025-01-01',
  effectiveTo: null,
  ...over,
});
