// 重复来电 (Tianjin 2024 §13(5)) beside the registration form: as the registrar types the caller's
// phone, the content and the place, the open tickets this call may repeat (the same caller's, or alike
// at the same place). Linking the call to one records it on that ticket's timeline instead of opening
// a duplicate, and shows what to tell the caller.
import type { CallInProgress } from '@hotline/api-types';
import { Alert, Button, Card, List, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../api/errors';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { type LinkedCall, type RepeatCandidate, linkRepeatCall, repeatCandidates } from './search-api';

/** What the panel reads of the registration form. */
export interface CallBeingRegistered {
  callerName?: string | undefined;
  callerPhone?: string | undefined;
  content?: string | undefined;
  place?: string | undefined;
  location?: string | undefined;
  channel?: string | undefined;
}

const WAIT_MS = 400;
const REASONS = { sameCaller: '同一来电人', similarContent: '同一地点相似诉求' } as const;

/**
 * The part of the call worth asking about (a whole phone number, a few words of content); the phone only
 * for a person who may see callers (`byPhone`), as the server matches it only for them. Pure: unit-tested.
 */
export function candidateQuery(call: CallBeingRegistered, byPhone = true): CallInProgress | null {
  const phone = byPhone ? (call.callerPhone?.replace(/\D/g, '') ?? '') : '';
  const content = call.content?.trim() ?? '';
  const query = {
    ...(phone.length >= 7 ? { phone: call.callerPhone!.trim() } : {}),
    ...([...content].length >= 4 ? { content } : {}),
    ...(call.place ? { place: call.place } : {}),
    ...(call.location?.trim() ? { address: call.location.trim() } : {}),
  };
  return query.phone || (query.content && (query.place || query.address)) ? query : null;
}

export function RepeatCallPanel({ call, onLinked }: { call: CallBeingRegistered; onLinked: (linked: LinkedCall) => void }) {
  const { api, city, user } = useSession();
  const [candidates, setCandidates] = useState<RepeatCandidate[]>([]);
  const [linked, setLinked] = useState<LinkedCall | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const query = candidateQuery(call, user.seesCallers);
  const key = JSON.stringify(query);

  useEffect(() => {
    if (query === null) {
      setCandidates([]);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      repeatCandidates(api, city, query, abort.signal)
        .then((r) => setCandidates(r.items))
        .catch(() => undefined); // a suggestion that fails is no suggestion; registration goes on
    }, WAIT_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [api, city, key]);

  const name = call.callerName?.trim() ?? '';
  const phone = call.callerPhone?.trim() ?? '';
  const content = call.content?.trim() ?? '';
  const missing = [name ? null : '来电人姓名', phone ? null : '来电人电话', content ? null : '诉求内容'].filter(Boolean);

  const link = (c: RepeatCandidate) =>
    Modal.confirm({
      title: `将本次来电关联到工单 ${c.ticket.number}？`,
      content: '不再新建工单；本次来电（来电人、时间、内容）记入该工单的办理过程。',
      okText: '关联',
      cancelText: '取消',
      onOk: async () => {
        setBusy(c.ticket.number);
        setError(null);
        try {
          const done = await linkRepeatCall(api, city, c.ticket.number, { caller: { name, phone }, content, ...(call.channel ? { channel: call.channel } : {}) });
          setLinked(done);
          setCandidates([]);
          onLinked(done);
        } catch (e) {
          setError(describeError(e));
        } finally {
          setBusy(null);
        }
      },
    });

  if (linked) {
    return (
      <Alert
        type="success"
        showIcon
        closable
        onClose={() => setLinked(null)}
        data-testid="repeat-linked"
        style={{ marginBottom: 16 }}
        message={
          <span>
            已关联到工单 <Link to={`/tickets/${encodeURIComponent(linked.ticket.number)}`} testId="repeat-linked-ticket">{linked.ticket.number}</Link>（该工单累计重复来电 {linked.repeatCalls} 次）
          </span>
        }
        description={
          <div>
            <Typography.Text type="secondary">请告知来电人：</Typography.Text>
            <Typography.Paragraph strong style={{ margin: 0 }} data-testid="repeat-tell-caller">
              {linked.tellCaller}
            </Typography.Paragraph>
          </div>
        }
      />
    );
  }
  if (candidates.length === 0) return null;
  return (
    <Card size="small" title={`疑似重复来电（${candidates.length}）`} data-testid="repeat-candidates" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        以下未办结工单可能与本次来电为同一诉求：可关联到已有工单，不再重复登记。
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="repeat-error" /> : null}
      <List
        size="small"
        dataSource={candidates}
        renderItem={(c) => (
          <List.Item data-testid="repeat-candidate" data-ticket={c.ticket.number}>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <Link to={`/tickets/${encodeURIComponent(c.ticket.number)}`}>{c.ticket.number}</Link>
                {c.reasons.map((r) => (
                  <Tag key={r} color={r === 'sameCaller' ? 'red' : 'orange'}>
                    {REASONS[r]}
                  </Tag>
                ))}
              </Space>
              <Typography.Text ellipsis>{c.ticket.summary ?? ''}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.tellCaller}
              </Typography.Text>
              <Button
                size="small"
                loading={busy === c.ticket.number}
                disabled={missing.length > 0 || busy !== null}
                title={missing.length > 0 ? `请先填写${missing.join('、')}` : undefined}
                onClick={() => link(c)}
                data-testid="repeat-link"
              >
                关联到此工单
              </Button>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
