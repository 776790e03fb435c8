// Loading, empty and error states, the same everywhere (each with a test id).
import { Alert, Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError, describeError, isMissingRoute } from '../api/errors';

export function Loading({ label = '正在加载…', testId = 'loading' }: { label?: string; testId?: string }) {
  return (
    <div className="state-box" data-testid={testId}>
      <Spin />
      <span className="state-label">{label}</span>
    </div>
  );
}

export function EmptyState({ description, testId = 'empty', children }: { description: ReactNode; testId?: string; children?: ReactNode }) {
  return (
    <div className="state-box" data-testid={testId}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
        {children}
      </Empty>
    </div>
  );
}

export function ErrorState({ error, onRetry, testId = 'error' }: { error: unknown; onRetry?: () => void; testId?: string }) {
  const status = error instanceof ApiError ? error.status : 0;
  if ((status === 404 && !isMissingRoute(error)) || status === 403) {
    return (
      <div data-testid={testId}>
        <Result status={status === 404 ? '404' : '403'} title={status === 404 ? '无法打开' : '没有权限'} subTitle={describeError(error)} />
      </div>
    );
  }
  return (
    <Alert
      data-testid={testId}
      type="error"
      showIcon
      message="加载失败"
      description={describeError(error)}
      action={onRetry ? <Button size="small" onClick={onRetry}>重试</Button> : undefined}
    />
  );
}
