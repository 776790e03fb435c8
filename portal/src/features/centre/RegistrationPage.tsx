// 受理登记: the city's register form (resolved in the browser from the pack in force, with the
// same @hotline/forms the server uses), registered as a ticket; then straight on to the ticket's
// next step for this registrar (classification: answer, redirect with the words to say, or dispatch).
import { Alert, Button, Card, Col, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, describeError } from '../../api/errors';
import type { FieldProblem } from '../../api/types';
import { claimOnArrival } from '../../lib/actions';
import { splitProblems } from '../../lib/field-errors';
import { newRequestId } from '../../lib/request-id';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { keepPrefill } from '../task/prefill';
import { RepeatCallPanel } from '../search/RepeatCallPanel';
import { KnowledgePanel } from '../knowledge/KnowledgePanel';
import { type KnowledgeReading, directAnswerFrom } from '../knowledge/knowledge-api';
import { StepGuide } from '../task/StepGuide';
import { TaskForm } from '../task/TaskForm';
import { loadRegisterForm } from './register-form';
import { checkRegistration, type Registration, registrationProblems, ticketFromRegistration } from './registration';

const FOLLOW_UP_TRIES = 10;
const FOLLOW_UP_WAIT_MS = 300;

export function RegistrationPage() {
  const { api, city } = useSession();
  const { navigate } = useRouter();
  const form = useAsync(() => loadRegisterForm(api, city), [city]);
  const [data, setData] = useState<Registration>({});
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<{ message: string; general: FieldProblem[]; tree: ReturnType<typeof splitProblems>['tree'] } | null>(null);
  const [registered, setRegistered] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(newRequestId());
  // 知识库: the entry the registrar chose to answer from (carried into the classification step)
  const [knowledge, setKnowledge] = useState<KnowledgeReading | null>(null);

  if (form.loading && !form.data) return <Loading label="正在加载登记表单…" />;
  if (!form.data) return <ErrorState error={form.error} onRetry={form.reload} />;
  const { schema, uiSchema } = form.data;

  /** Problems under their fields (Chinese, named by the form's titles), the rest above the form. */
  const showProblems = (onForm: FieldProblem[], fallback: string) => {
    const split = splitProblems(onForm, schema);
    const message = split.onFields > 0 ? `登记内容有误：有 ${split.onFields} 处需要修改，请按字段下方的红色提示修改后重新登记。` : fallback;
    setProblems({ message, general: split.general, tree: split.tree });
  };

  const submit = async () => {
    setProblems(null);
    const local = checkRegistration(schema, data);
    if (local.length > 0) return showProblems(local, '登记内容有误，请按提示修改后重新登记。');
    setBusy(true);
    try {
      const ticket = await api.registerTicket(city, ticketFromRegistration(data));
      // The ticket's first step for the registrar (the engine creates it right after registration).
      for (let i = 0; i < FOLLOW_UP_TRIES; i += 1) {
        const found = await api.tasks(city, { q: ticket.number, page: 1, pageSize: 20 }).catch(() => null);
        const next = found?.items.find((t) => t.ticket?.number === ticket.number && t.status !== 'completed');
        if (next) {
          if (next.form === 'register') keepPrefill(ticket.number, 'register', data);
          if (knowledge) keepPrefill(ticket.number, 'classify', directAnswerFrom(knowledge));
          // the registrar's own next step (it is in their inbox): theirs at once, no separate 认领
          if (claimOnArrival(next)) await api.claim(city, next.id).catch(() => undefined);
          navigate(`/tasks/${encodeURIComponent(next.id)}`);
          return;
        }
        await new Promise((r) => setTimeout(r, FOLLOW_UP_WAIT_MS));
      }
      setRegistered(ticket.number);
      setData({});
      setKnowledge(null);
      setFormKey(newRequestId());
    } catch (e) {
      const onForm = e instanceof ApiError && e.status < 500 ? registrationProblems(e, schema) : [];
      showProblems(onForm, describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="registration-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          受理登记
        </Typography.Title>
        <Typography.Text type="secondary">如实记录诉求；登记后进入受理分类（当场答复、分类处理或派单）</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card size="small">
            {registered ? (
              <Alert type="success" showIcon closable data-testid="registered" style={{ marginBottom: 12 }} message={`工单 ${registered} 已登记`} description="该工单的下一环节不在您的待办中，已由相应岗位办理。" />
            ) : null}
            {problems ? (
              <Alert
                type="error"
                showIcon
                data-testid="submit-error"
                style={{ marginBottom: 12 }}
                message={problems.message}
                description={problems.general.length > 0 ? <ul className="problem-list">{problems.general.map((p, i) => <li key={i}>{p.message}</li>)}</ul> : undefined}
              />
            ) : null}
            <TaskForm key={formKey} schema={schema} uiSchema={uiSchema} formData={data} onChange={(d) => setData(d as Registration)} errors={problems?.tree ?? {}} disabled={busy} />
            <Space className="action-bar">
              <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="register-submit">
                登记
              </Button>
              <Button disabled={busy} onClick={() => navigate('/')}>
                取消
              </Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <KnowledgePanel chosen={knowledge} onChoose={setKnowledge} />
          {/* 重复来电: the open tickets this call may repeat; linking one ends the registration */}
          <RepeatCallPanel call={data} onLinked={() => (setData({}), setFormKey(newRequestId()))} />
          <StepGuide form="register" formData={{}} />
        </Col>
      </Row>
    </div>
  );
}
