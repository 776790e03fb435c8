// One task: the ticket, the caller (masked, revealable), every step so far, the task's form and the
// actions the rules allow now. A refused submission keeps what was typed and shows the server's
// problems under their fields; a retry of the same attempt reuses its request id.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Col, Input, Modal, Result, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, describeError } from '../../api/errors';
import type { FieldProblem, Task, TaskDetail } from '../../api/types';
import { blockedReason, claimOnArrival, completionData, type PlannedAction, planActions } from '../../lib/actions';
import { adoptProposal, assistingUnitsWord, chosenUnits, dispatchFormFor, proposedUnits, reasonNeeded, withoutStaleReason } from '../../lib/catalogue';
import { type ErrorTree, splitProblems } from '../../lib/field-errors';
import { STATUS_LABELS, labelOf } from '../../lib/labels';
import { newRequestId } from '../../lib/request-id';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { useLiveUpdates } from '../../app/live-updates';
import { useNow } from '../../app/use-now';
import { DueBadge } from '../inbox/DueBadge';
import { CallerCard } from './CallerCard';
import { DispatchProposalPanel } from './DispatchProposalPanel';
import { HandoffContextCard } from './HandoffContextCard';
import { StepGuide } from './StepGuide';
import { TaskForm } from './TaskForm';
import { TicketTimeline } from './Timeline';
import { TicketSummary } from './TicketSummary';
import { SubjectSummary } from './SubjectSummary';
import { takePrefill } from './prefill';

type Outcome = { done: true; next: Task | null; actionLabel: string } | null;

export function TaskPage({ taskId }: { taskId: string }) {
  const { api, city, user, formLabel } = useSession();
  const { navigate } = useRouter();
  const { message } = AntApp.useApp();
  const [confirming, setConfirming] = useState<PlannedAction | null>(null);
  const [note, setNote] = useState('');
  const detail = useAsync((signal) => api.task(city, taskId, signal), [city, taskId]);
  const now = useNow();

  const [formData, setFormData] = useState<unknown>(undefined);
  const [problems, setProblems] = useState<{ tree: ErrorTree; general: FieldProblem[]; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [claiming, setClaiming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const requestId = useRef<string>(newRequestId());
  const loaded = detail.data;
  // live updates: this task completed or withdrawn by someone else while it is open here says so and
  // can no longer be submitted; claimed by someone else, or any change missed, reloads it
  const [gone, setGone] = useState<string | null>(null);
  useEffect(() => setGone(null), [taskId]);
  useLiveUpdates((message) => {
    if (message.kind === 'resync') return detail.reload();
    const { event } = message;
    if (event.taskId !== taskId || event.byYou || busy !== null) return;
    if (event.change === 'completed') setGone('此任务已由他人办理完成，无需再提交。');
    if (event.change === 'withdrawn') setGone('此任务已被流程撤回，无需再办理。');
    detail.reload();
  });

  // What was typed on the registration page comes with the ticket's first task.
  useEffect(() => {
    if (loaded && formData === undefined) setFormData((loaded.task.ticket ? takePrefill(loaded.task.ticket.number, loaded.task.form) : null) ?? {});
  }, [loaded, formData]);

  // 派单建议: the units proposed for the ticket; choosing others (改派), or dispatching a matter the
  // catalogue has no entry for, needs a reason
  const proposal = loaded?.dispatchProposal;
  const proposed = useMemo(() => proposedUnits(proposal), [proposal]);
  const need = reasonNeeded(proposal, formData);
  const overriding = need === 'override';

  const changeData = (data: unknown) => {
    setFormData(withoutStaleReason(data, reasonNeeded(proposal, data)));
    requestId.current = newRequestId(); // different data: a new attempt
  };

  const actions = useMemo(() => planActions(loaded?.actions), [loaded?.actions]);
  const shownForm = useMemo(
    () => (loaded?.form ? dispatchFormFor(loaded.form.schema, loaded.form.uiSchema, need) : null),
    [loaded, need],
  );

  // a refused submission: bring the first problem into view
  useEffect(() => {
    if (!problems) return;
    const first = document.querySelector('[data-testid="field-error"]') ?? document.querySelector('[data-testid="submit-error"]');
    first?.scrollIntoView({ block: 'center' });
  }, [problems]);

  if (detail.loading && !loaded) return <Loading label="正在打开任务…" testId="task-loading" />;
  if (!loaded) return <ErrorState error={detail.error} onRetry={detail.reload} testId="task-error" />;
  if (!loaded.form) {
    return (
      <Result
        status="warning"
        title={`无法打开「${formLabel(loaded.task.form)}」的表单`}
        subTitle={`${aboutOf(loaded.task)} 所用的城市配置版本中没有这张表单，请联系流程与规则管理员。`}
        extra={<Button onClick={() => navigate('/')}>返回我的待办</Button>}
        data-testid="task-no-form"
      />
    );
  }
  const { task, ticket, subject, timeline, dispatchProposal, context } = loaded as TaskDetail;
  const about = aboutOf(task);
  // a subject process's step (知识审核, 申诉核查) is named by its process: its form is pack vocabulary
  const stepLabel = task.ticket ? formLabel(task.form) : task.name;
  const form = loaded.form;
  const chosen = chosenUnits(formData);
  const adopted = proposed !== null && chosen !== null && !overriding;
  const blocked = gone ?? blockedReason(task, user.username);

  const submit = async (action: PlannedAction) => {
    setBusy(action.key || 'submit');
    setProblems(null);
    try {
      await api.complete(city, task.id, { data: completionData(action, formData, note), requestId: requestId.current, ...(action.key ? { action: action.key } : {}) });
      requestId.current = newRequestId();
      message.success(`${action.label === '提交' ? '已提交' : `已${action.label}`}：${about}`);
      let next: Task | null = null;
      try {
        const number = task.ticket?.number;
        const mine = number ? await api.tasks(city, { q: number, page: 1, pageSize: 20 }) : { items: [] as Task[] };
        next = mine.items.find((t) => t.id !== task.id && t.ticket?.number === number && t.status !== 'completed') ?? null;
      } catch {
        next = null;
      }
      setOutcome({ done: true, next, actionLabel: action.label });
    } catch (e) {
      if (!(e instanceof TypeError)) requestId.current = newRequestId(); // an answer came: the next try is a new attempt
      if (e instanceof ApiError && e.status === 422 && e.fieldProblems.length > 0) {
        const split = splitProblems(e.fieldProblems, form.schema);
        const where = split.onFields > 0 ? `有 ${split.onFields} 处需要修改，请按字段下方的红色提示修改后重新提交。` : '请按下列提示修改后重新提交。';
        setProblems({ tree: split.tree, general: split.general, message: `提交的内容有误：${where}` });
      } else {
        setProblems({ tree: {}, general: [], message: describeError(e) });
        if (e instanceof ApiError && e.status === 409) detail.reload();
      }
    } finally {
      setBusy(null);
    }
  };

  const press = (action: PlannedAction) => {
    if (!action.confirm) return void submit(action);
    setNote('');
    setConfirming(action);
  };

  const claim = async () => {
    setClaiming(true);
    try {
      await api.claim(city, task.id);
      detail.reload();
    } catch (e) {
      setProblems({ tree: {}, general: [], message: describeError(e) });
      detail.reload();
    } finally {
      setClaiming(false);
    }
  };

  if (outcome) {
    return (
      <div data-testid="task-done">
      <Result
        status="success"
        title={`${outcome.actionLabel === '提交' ? '已提交' : `已${outcome.actionLabel}`}`}
        subTitle={`${about} · ${stepLabel}已完成${outcome.next ? `，下一环节：${formLabel(outcome.next.form)}` : ''}`}
        extra={[
          outcome.next ? (
            <Button
              type="primary"
              key="next"
              data-testid="next-task"
              onClick={async () => {
                const next = outcome.next!;
                // the next step is in this person's inbox: theirs as they go on, no separate 认领
                if (claimOnArrival(next)) await api.claim(city, next.id).catch(() => undefined);
                navigate(`/tasks/${encodeURIComponent(next.id)}`);
              }}
            >
              继续办理：{formLabel(outcome.next.form)}
            </Button>
          ) : null,
          <Button key="inbox" data-testid="back-to-inbox" onClick={() => navigate('/')}>
            返回待办
          </Button>,
        ]}
      />
      </div>
    );
  }

  return (
    <div data-testid="task-page" data-form={task.form} data-task-status={task.status}>
      <div className="page-head task-head">
        <Space wrap align="center">
          <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? window.history.back() : navigate('/'))} data-testid="back">
            返回
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="task-title">
            {stepLabel} · {task.ticket?.number ?? subject?.title ?? task.subject?.title}
          </Typography.Title>
          <Tag>{task.name}</Tag>
          <Tag color={task.status === 'completed' ? 'default' : 'blue'}>{labelOf(STATUS_LABELS, task.status)}</Tag>
          <DueBadge dueAt={task.dueAt} createdAt={task.createdAt} provisional={task.dueProvisional} now={now} testId="task-due" />
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {ticket ? <TicketSummary ticket={ticket} /> : subject ? <SubjectSummary subject={subject} /> : null}
            {context ? <HandoffContextCard context={context} /> : null}
            {dispatchProposal && ticket && task.ticket ? (
              <DispatchProposalPanel
                proposal={dispatchProposal}
                ticket={ticket}
                ticketId={task.ticket.id}
                overriding={overriding}
                adopted={adopted}
                assistingWord={assistingUnitsWord(form.schema)}
                onAdopt={(units) => changeData(adoptProposal(formData, units, form.schema))}
                onRequested={detail.reload}
                disabled={blocked !== null || busy !== null || task.status === 'completed'}
              />
            ) : null}
            <Card
              size="small"
              title={String((form.schema as { title?: unknown }).title ?? stepLabel)}
              data-testid="form-card"
              extra={
                task.status === 'open' && !task.assignee ? (
                  <Button size="small" onClick={() => void claim()} loading={claiming} data-testid="claim">
                    认领
                  </Button>
                ) : task.assignee ? (
                  <Typography.Text type="secondary">办理人：{task.assignee.name || task.assignee.username}</Typography.Text>
                ) : null
              }
            >
              {gone ? (
                <Alert type="warning" showIcon message={gone} style={{ marginBottom: 12 }} data-testid="task-gone" />
              ) : blocked ? (
                <Alert type="info" showIcon message={blocked} style={{ marginBottom: 12 }} data-testid="task-blocked" />
              ) : null}
              {problems ? (
                <Alert
                  type="error"
                  showIcon
                  data-testid="submit-error"
                  style={{ marginBottom: 12 }}
                  message={problems.message}
                  description={
                    problems.general.length > 0 ? (
                      <ul className="problem-list">
                        {problems.general.map((p, i) => (
                          <li key={i}>{p.message}</li>
                        ))}
                      </ul>
                    ) : undefined
                  }
                />
              ) : null}
              {formData === undefined ? (
                <Loading />
              ) : (
                <TaskForm schema={shownForm!.schema} uiSchema={shownForm!.uiSchema} formData={formData} onChange={changeData} errors={problems?.tree ?? {}} disabled={blocked !== null || busy !== null} />
              )}
              <div className="action-bar" data-testid="task-actions">
                {actions.map((a) => {
                  const button = (
                    <Button
                      key={a.key || 'submit'}
                      type={a.submitsForm ? 'primary' : 'default'}
                      disabled={!a.allowed || blocked !== null || (busy !== null && busy !== (a.key || 'submit'))}
                      loading={busy === (a.key || 'submit')}
                      onClick={() => press(a)}
                      data-testid={`action-${a.key || 'submit'}`}
                      data-allowed={a.allowed}
                    >
                      {a.label}
                    </Button>
                  );
                  return a.allowed ? (
                    button
                  ) : (
                    <Space key={a.key} direction="vertical" size={0} className="action-refused">
                      <Tooltip title={a.reason}>{button}</Tooltip>
                      {a.reason ? (
                        <Typography.Text type="secondary" className="action-reason" data-testid={`action-reason-${a.key}`}>
                          {a.reason}
                        </Typography.Text>
                      ) : null}
                    </Space>
                  );
                })}
              </div>
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <StepGuide form={task.form} formData={formData} />
            {ticket && task.ticket ? <CallerCard ticketId={task.ticket.id} caller={ticket.caller} /> : null}
            {ticket ? <TicketTimeline events={timeline} /> : null}
          </Space>
        </Col>
      </Row>
      <Modal
        open={confirming !== null}
        title={confirming ? `确认${confirming.label}？` : ''}
        okText={confirming ? `确认${confirming.label}` : '确认'}
        cancelText="取消"
        okButtonProps={{ 'data-testid': 'action-confirm' } as never}
        onCancel={() => setConfirming(null)}
        onOk={() => {
          const action = confirming;
          setConfirming(null);
          if (action) void submit(action);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {about}：{confirming?.label}后，本环节结束并转入相应流程，上方表单中填写的内容不会提交。
        </Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={2000} showCount value={note} onChange={(e) => setNote(e.target.value)} placeholder="说明（选填）" data-testid="action-note" />
      </Modal>
    </div>
  );
}

/** What a task is about, in a sentence's words: 工单 <number>, or the subject's title (知识库条目, 申诉). */
function aboutOf(task: Task): string {
  return task.ticket ? `工单 ${task.ticket.number}` : (task.subject?.title ?? task.name);
}
