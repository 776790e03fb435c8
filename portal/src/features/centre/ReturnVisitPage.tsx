// The return-visit call list: tickets whose unit has replied, to call back and rate on the city's scale.
import { Card } from 'antd';
import { useSession } from '../../app/session';
import { InboxPage } from '../inbox/InboxPage';
import { RatingScale } from './RatingScale';

export function ReturnVisitPage() {
  const { pack } = useSession();
  return (
    <InboxPage
      title="回访"
      fixed={{ form: 'returnVisit' }}
      testId="return-visit-page"
      aside={
        pack ? (
          <Card size="small" title={`${pack.cityName}评价等级（回访时请诉求人按此评价）`} style={{ marginBottom: 12 }}>
            <RatingScale levels={pack.rating.levels} notRated={pack.rating.notRatedTypes} />
          </Card>
        ) : null
      }
    />
  );
}
