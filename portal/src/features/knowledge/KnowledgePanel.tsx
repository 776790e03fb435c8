// 知识库检索 beside the registration form (Tianjin 2024 §15, Hangzhou §13: a consultation is answered on
// the spot from the knowledge base): the registrar searches, reads an entry (the reading is counted),
// and 用于答复 carries it into the classification step as a 当场答复 citing the entry (id and version),
// which the server records on the ticket.
import { Alert, Button, Card, Descriptions, Drawer, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { useSession } from '../../app/session';
import { type KnowledgeHit, type KnowledgeReading, readKnowledge, searchKnowledge } from './knowledge-api';

export function KnowledgePanel({ chosen, onChoose }: { chosen: KnowledgeReading | null; onChoose: (reading: KnowledgeReading | null) => void }) {
  const { api, city } = useSession();
  const [hits, setHits] = useState<KnowledgeHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState<KnowledgeReading | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (q: string) => {
    setError(null);
    if ([...q.trim()].length < 2) return setError('检索词：请输入至少两个字的词语');
    setBusy(true);
    try {
      setHits((await searchKnowledge(api, city, q.trim())).items);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const open = async (id: string) => {
    setError(null);
    try {
      setReading(await readKnowledge(api, city, id));
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <Card size="small" title="知识库检索" style={{ marginBottom: 16 }} data-testid="knowledge-panel">
      {chosen ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="knowledge-chosen"
          message={`将依据 ${chosen.reference} 当场答复`}
          description="登记后进入受理分类，已带出当场答复及引用的条目，可修改答复内容。"
          action={
            <Button size="small" onClick={() => onChoose(null)}>
              取消引用
            </Button>
          }
        />
      ) : null}
      <Input.Search placeholder="输入关键词，如：公积金 提取" enterButton="检索" loading={busy} onSearch={(q) => void search(q)} data-testid="knowledge-search" />
      {error ? <Alert type="warning" showIcon style={{ marginTop: 8 }} message={error} data-testid="knowledge-error" /> : null}
      {hits ? (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={hits}
          locale={{ emptyText: '知识库中没有有效的相关条目' }}
          renderItem={(h) => (
            <List.Item key={h.id} data-testid="knowledge-hit" actions={[<a key="read" onClick={() => void open(h.id)}>查看</a>]}>
              <List.Item.Meta
                title={<span>{h.title}</span>}
                description={
                  <Space direction="vertical" size={0}>
                    <Typography.Text type="secondary">{h.excerpt}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {h.code} 第{h.version}版 · {h.categoryPath.join(' / ')} · {h.unit.name} · 有效期至 {h.expiresOn}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : null}
      <Drawer open={reading !== null} onClose={() => setReading(null)} width={560} title={reading ? `${reading.code} 第${reading.version.version}版` : ''} data-testid="knowledge-reading">
        {reading ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Title level={5}>{reading.version.title}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="knowledge-content">
              {reading.version.content}
            </Typography.Paragraph>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="目录">{reading.version.categoryPath.join(' / ')}</Descriptions.Item>
              <Descriptions.Item label="类型">{reading.version.kindLabel}</Descriptions.Item>
              <Descriptions.Item label="提供单位">{reading.unit.name}</Descriptions.Item>
              <Descriptions.Item label="依据">{reading.version.basis}</Descriptions.Item>
              <Descriptions.Item label="有效期">
                {reading.version.effectiveFrom} 至 {reading.version.expiresOn}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              知识库信息仅用于热线工作，不得用作其他用途（实施细则第二十条）。已浏览 {reading.views} 次。
            </Typography.Text>
            <Button
              type="primary"
              data-testid="knowledge-use"
              onClick={() => {
                onChoose(reading);
                setReading(null);
              }}
            >
              用于答复
            </Button>
          </Space>
        ) : null}
      </Drawer>
    </Card>
  );
}
