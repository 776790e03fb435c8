// A filter by place (事发区划) for the centre's boards and figures: the city's places as a searchable
// tree; none chosen means the whole city. Hidden for a city without places.
import { Space, TreeSelect, Typography } from 'antd';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/use-async';
import { placeChoices, placeTree } from '../task/PlaceWidget';

/** The city's places as a searchable tree; none chosen: the whole city. */
export function PlaceFilter({ value, onChange, testId }: { value: string | undefined; onChange: (code: string | undefined) => void; testId: string }) {
  const { api, city } = useSession();
  const places = useAsync(async () => placeChoices((await api.places(city)).places), [city]);
  if (!places.data || places.data.length === 0) return null;
  return (
    <Space>
      <Typography.Text>事发区划</Typography.Text>
      <TreeSelect
        placeholder="全市"
        allowClear
        showSearch
        treeNodeFilterProp="title"
        treeNodeLabelProp="path"
        style={{ width: 240 }}
        value={value}
        onChange={(code: string | undefined) => onChange(code || undefined)}
        treeData={placeTree(places.data)}
        data-testid={testId}
      />
    </Space>
  );
}
