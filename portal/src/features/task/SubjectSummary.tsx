// What a subject process's task is about (a knowledge entry under review, a unit's appeal), in place of
// the ticket card: the subject's module says what the card shows (its SubjectKind.summary).
import { Card, Descriptions, Typography } from 'antd';
import type { ApiSubjectCard } from '@hotline/api-types';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';

export function SubjectSummary({ subject }: { subject: ApiSubjectCard }) {
  const { pack } = useSession();
  const kindLabel = pack?.subjectProcesses.find((s) => s.key === subject.kind)?.label ?? '办理对象';
  return (
    <Card size="small" title={kindLabel} data-testid="subject-summary" data-subject-kind={subject.kind}>
      <Typography.Paragraph strong data-testid="subject-title">
        {subject.link ? <Link to={subject.link}>{subject.title}</Link> : subject.title}
      </Typography.Paragraph>
      {subject.fields.length > 0 ? (
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          {subject.fields.map((f) => (
            <Descriptions.Item key={f.label} label={f.label}>
              {f.value}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : null}
    </Card>
  );
}
