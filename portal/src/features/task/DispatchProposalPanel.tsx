// 派单建议 on the dispatch task: the catalogue's lead and assisting units for the ticket's matter and
// place with their basis, adopted into the form in one click; choosing others is an override (改派)
// that needs a reason. A disputed matter, or one without an entry, goes to a responsibility
// determination (提请定责); once decided, its decision is the proposal.
import { type MatterTaxonomy, PATH_SEPARATOR } from '@hotline/rules';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { DeterminationKind, DispatchProposal } from '../../api/catalogue-types';
import { describeError } from '../../api/errors';
import type { Ticket } from '../../api/types';
import { awaitsDetermination, DETERMINATION_KINDS, DETERMINATION_REASONS, type ProposedUnits, proposedUnits } from '../../lib/catalogue';
import { formatInstant } from '../../lib/due';
import { useSession } from '../../app/session';

interface Props {
  proposal: DispatchProposal;
  ticket: Ticket;
  ticketId: string;
  /** Whether the form now chooses other units than proposed. */
  overriding: boolean;
  /** Whether the form now chooses exactly the proposed units. */
  adopted: boolean;
  /** The dispatch form's word for assisting units (协办单位, 会办单位). */
  assistingWord: string;
  onAdopt(units: ProposedUnits): void;
  /** A determination was asked for: the task detail is read again. */
  onRequested(): void;
  disabled: boolean;
}

/** The ticket's matter or place (`{ code, path }`) as a path; a matter by the pack's taxonomy when it knows the code. */
const refLabel = (v: unknown, taxonomy?: MatterTaxonomy): string | null => {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as { code?: unknown; path?: unknown; name?: unknown };
  if (taxonomy && typeof r.code === 'string' && taxonomy.byCode(r.code)) return taxonomy.label(r.code);
  if (Array.isArray(r.path) && r.path.length > 0) return r.path.join(PATH_SEPARATOR);
  return typeof r.name === 'string' ? r.name : typeof r.code === 'string' ? r.code : null;
};

export function DispatchProposalPanel({ proposal, ticket, ticketId, overriding, adopted, assistingWord, onAdopt, onRequested, disabled }: Props) {
  const { units, pack } = useSession();
  const unitName = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  const proposed = proposedUnits(proposal);
  const matter = refLabel(ticket.matter, pack?.matters);
  const place = refLabel(ticket.place);
  return (
    <Card size="small" title="派单建议" data-testid="dispatch-proposal" data-kind={proposal.kind}>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {matter || place ? (
          <Typography.Text type="secondary">
            诉求事项：{matter ?? '未选择'}；事发区划：{place ?? '未选择'}
          </Typography.Text>
        ) : null}
        {proposal.kind === 'determination' ? <Determination proposal={proposal} ticketId={ticketId} onRequested={onRequested} disabled={disabled} /> : null}
        {proposed ? (
          <>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="来源">{proposed.from === 'catalogue' ? '派单目录' : '定责决定'}</Descriptions.Item>
              <Descriptions.Item label="主办单位">
                <span data-testid="proposal-lead">{unitName(proposed.leadUnit)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={assistingWord}>
                <span data-testid="proposal-assisting">{proposed.assistingUnits.length > 0 ? proposed.assistingUnits.map(unitName).join('、') : '无'}</span>
              </Descriptions.Item>
              <Descriptions.Item label="依据">
                <span data-testid="proposal-basis">{proposed.basis}</span>
              </Descriptions.Item>
            </Descriptions>
            <Space wrap>
              <Button type="primary" onClick={() => onAdopt(proposed)} disabled={disabled || adopted} data-testid="proposal-adopt">
                采纳建议
              </Button>
              {adopted ? <Tag color="green" data-testid="proposal-adopted">已按建议填写</Tag> : null}
              {overriding ? (
                <Tag color="orange" data-testid="proposal-overridden">
                  改派：须填写改派理由
                </Tag>
              ) : null}
            </Space>
          </>
        ) : null}
      </Space>
    </Card>
  );
}

function Determination({
  proposal,
  ticketId,
  onRequested,
  disabled,
}: {
  proposal: Extract<DispatchProposal, { kind: 'determination' }>;
  ticketId: string;
  onRequested(): void;
  disabled: boolean;
}) {
  const { api, city } = useSession();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<DeterminationKind>('field');
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const d = proposal.determination;
  const reason = (
    <Alert
      type="warning"
      showIcon
      message={`${DETERMINATION_REASONS[proposal.reason]}，${
        d?.status === 'decided' ? '已定责，按定责结论派单' : proposal.reason === 'disputed' ? '须定责后派单' : '可提请定责，或填写派单理由后派单'
      }`}
      description={
        awaitsDetermination(proposal)
          ? '权责存在争议的诉求，须定责后按定责决定派单；定责前不能派单。'
          : proposal.reason === 'noEntry' && proposedUnits(proposal) === null
            ? '未经定责直接派单的，须填写派单理由。'
            : undefined
      }
      data-testid="proposal-reason"
    />
  );
  if (d) {
    const who = `${d.requestedBy} 于 ${formatInstant(d.requestedAt, true)} 提请${DETERMINATION_KINDS[d.kind]}`;
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {reason}
        <div data-testid="determination-state" data-status={d.status}>
          <Tag color={d.status === 'decided' ? 'green' : 'processing'}>{d.status === 'decided' ? '已定责' : '待定责'}</Tag>
          <Typography.Text type="secondary">{who}</Typography.Text>
          {d.note ? (
            <div data-testid="determination-request-note">
              <Typography.Text type="secondary">说明：{d.note}</Typography.Text>
            </div>
          ) : null}
          {d.status === 'decided' && d.decidedBy && d.decidedAt ? (
            <div>
              <Typography.Text type="secondary">
                {d.decidedBy} 于 {formatInstant(d.decidedAt, true)} 定责{d.decision?.note ? `：${d.decision.note}` : ''}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      </Space>
    );
  }
  const request = async ({ note }: { note: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await api.requestDetermination(city, { ticketId, kind, note: note.trim() });
      message.success('已提请定责');
      onRequested();
    } catch (e) {
      setFailure(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {reason}
      <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as DeterminationKind)} disabled={disabled} data-testid="determination-kind">
        <Space direction="vertical">
          {(Object.keys(DETERMINATION_KINDS) as DeterminationKind[]).map((k) => (
            <Radio key={k} value={k}>
              {DETERMINATION_KINDS[k]}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      <Form form={form} layout="vertical" onFinish={(v) => void request(v)} disabled={disabled}>
        <Form.Item name="note" label="说明" rules={[{ required: true, whitespace: true, message: '请填写说明：涉及哪些部门、争议所在' }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder="涉及哪些部门、争议所在" data-testid="determination-note" />
        </Form.Item>
      </Form>
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
      <Button onClick={() => form.submit()} loading={busy} disabled={disabled} data-testid="determination-request">
        提请定责
      </Button>
    </Space>
  );
}
