import { Card, Col, Row, Statistic } from 'antd';
import { lazy, Suspense } from 'react';
import { PageLoading } from '../components/PageLoading';
import { useT } from '../i18n';
import type { PopulationRow } from './types';

const EChart = lazy(() => import('../components/EChart'));

/** Province names of GB/T 2260 codes, for the origin chart. */
const PROVINCES: Record<string, string> = {
  '11': '北京',
  '12': '天津',
  '13': '河北',
  '14': '山西',
  '15': '内蒙古',
  '21': '辽宁',
  '22': '吉林',
  '23': '黑龙江',
  '31': '上海',
  '32': '江苏',
  '33': '浙江',
  '34': '安徽',
  '35': '福建',
  '36': '江西',
  '37': '山东',
  '41': '河南',
  '42': '湖北',
  '43': '湖南',
  '44': '广东',
  '45': '广西',
  '46': '海南',
  '50': '重庆',
  '51': '四川',
  '52': '贵州',
  '53': '云南',
  '54': '西藏',
  '61': '陕西',
  '62': '甘肃',
  '63': '青海',
  '64': '宁夏',
  '65': '新疆',
  '71': '台湾',
  '81': '香港',
  '82': '澳门',
};

/** The population structure: totals, an age pyramid and the origin provinces. */
export function PopulationCharts({ total }: { total: PopulationRow }) {
  const t = useT();
  const bands = Object.keys(total.ageBands);
  const origins = Object.entries(total.originProvince)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  return (
    <div data-testid="population-charts">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('people.total')} value={total.total} />
          </Card>
        </Col>
        {(['resident', 'floating', 'overseas'] as const).map((r) => (
          <Col xs={12} md={6} key={r}>
            <Card>
              <Statistic title={t(`people.registration.${r}`)} value={total.registration[r] ?? 0} />
            </Card>
          </Col>
        ))}
        <Col xs={24} md={12}>
          <Card title={t('people.agePyramid')}>
            <Suspense fallback={<PageLoading />}>
              <EChart
                height={280}
                testId="age-pyramid"
                option={{
                  tooltip: {},
                  grid: { left: 60, right: 20, top: 10, bottom: 30 },
                  xAxis: { type: 'value' },
                  yAxis: { type: 'category', data: bands },
                  series: [{ type: 'bar', data: bands.map((b) => total.ageBands[b] ?? 0) }],
                }}
              />
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('people.origins')}>
            <Suspense fallback={<PageLoading />}>
              <EChart
                height={280}
                testId="origin-chart"
                option={{
                  tooltip: {},
                  grid: { left: 60, right: 20, top: 10, bottom: 30 },
                  xAxis: { type: 'category', data: origins.map(([code]) => PROVINCES[code] ?? code) },
                  yAxis: { type: 'value' },
                  series: [{ type: 'bar', data: origins.map(([, n]) => n) }],
                }}
              />
            </Suspense>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
