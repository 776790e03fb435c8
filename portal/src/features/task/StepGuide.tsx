// What staff need beside some forms, from the city's pack in force: the redirect categories with the
// words to say to the caller (classification), the city's rating scale (return visit).
import { Alert, Card, Collapse, Tag, Typography } from 'antd';
import { useSession } from '../../app/session';
import { RatingScale } from '../centre/RatingScale';

export function StepGuide({ form, formData }: { form: string | null; formData: unknown }) {
  const { pack } = useSession();
  const data = (formData ?? {}) as Record<string, unknown>;
  if (!pack) return null;
  if (form === 'classify' || form === 'register') {
    const chosen = pack.redirectCategories.find((c) => c.key === data.redirectCategory);
    return (
      <Card size="small" title="分类处理与答复口径" data-testid="redirect-guide">
        {chosen ? (
          <Alert
            type="warning"
            showIcon
            data-testid="redirect-script"
            message={`告知诉求人：${chosen.label}`}
            description={<Typography.Text copyable>{chosen.script}</Typography.Text>}
            style={{ marginBottom: 12 }}
          />
        ) : (
          <Typography.Paragraph type="secondary">下列事项不派单，按口径告知诉求人：</Typography.Paragraph>
        )}
        <Collapse
          size="small"
          items={pack.redirectCategories.map((c) => ({
            key: c.key,
            label: (
              <span>
                {c.label} {c.action === 'transfer' ? <Tag color="red">立即转接</Tag> : null}
              </span>
            ),
            children: <Typography.Text copyable>{c.script}</Typography.Text>,
          }))}
        />
      </Card>
    );
  }
  if (form === 'returnVisit') {
    return (
      <Card size="small" title={`${pack.cityName}评价等级`} data-testid="rating-guide">
        <RatingScale levels={pack.rating.levels} notRated={pack.rating.notRatedTypes} />
      </Card>
    );
  }
  return null;
}
