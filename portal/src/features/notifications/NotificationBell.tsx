// The notification centre (提醒) in the header: a bell with the unread count, polled in the background
// (marked as such, so an unattended portal still reaches the idle timeout); opening it lists the
// person's reminders, and one clicked is marked read and opens its task.
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { PortalNotification } from '../../api/types';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';

/** How often the bell asks for the unread count. */
export const NOTIFICATION_POLL_MS = 10_000;

const shortTime = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

export function NotificationBell({ pollMs = NOTIFICATION_POLL_MS }: { pollMs?: number }) {
  const { api, city } = useSession();
  const { navigate } = useRouter();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<PortalNotification[] | null>(null);

  const poll = useCallback(
    (background: boolean) =>
      api.unreadNotifications(city, background).then(
        (r) => setUnread(r.unread),
        () => undefined,
      ),
    [api, city],
  );
  useEffect(() => {
    void poll(false);
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') void poll(true);
    }, pollMs);
    return () => window.clearInterval(id);
  }, [poll, pollMs]);

  const load = () =>
    api.notifications(city).then(
      (r) => {
        setItems(r.items);
        setUnread(r.unread);
      },
      () => setItems([]),
    );

  const openOne = async (n: PortalNotification) => {
    if (n.readAt === null) {
      await api.markNotificationRead(city, n.id).catch(() => undefined);
      setUnread((u) => Math.max(0, u - 1));
    }
    setOpen(false);
    if (n.taskId) navigate(`/tasks/${encodeURIComponent(n.taskId)}`);
  };

  const readAll = async () => {
    await api.markAllNotificationsRead(city).catch(() => undefined);
    setUnread(0);
    setItems((list) => list?.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() })) ?? null);
  };

  const content = (
    <div className="notification-list" data-testid="notification-list">
      {items === null ? null : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无提醒" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item className={n.readAt ? 'notification-read' : 'notification-unread'} data-testid="notification-item" onClick={() => void openOne(n)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <span>
                    {n.readAt ? null : <Badge status="processing" />} {n.title}
                  </span>
                }
                description={
                  <>
                    <div>{n.body}</div>
                    <Typography.Text type="secondary">{shortTime(n.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      title={
        <span className="notification-title">
          提醒
          <Button type="link" size="small" disabled={unread === 0} onClick={() => void readAll()} data-testid="notifications-read-all">
            全部已读
          </Button>
        </span>
      }
      content={content}
      trigger="click"
      open={open}
      placement="bottomRight"
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void load();
      }}
    >
      <Badge count={unread} size="small" offset={[-2, 2]} data-testid="notification-count">
        <Button size="small" icon={<BellOutlined />} aria-label={unread > 0 ? `提醒（${unread} 条未读）` : '提醒'} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
