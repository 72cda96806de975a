import { Tag } from 'antd';
import { stepKey } from '../../shared/steps';
import { useT } from '../i18n';

const COLORS: Record<string, string> = {
  reported: 'blue',
  registered: 'geekblue',
  dispatched: 'purple',
  handled: 'cyan',
  verified: 'green',
  closed: 'success',
  evaluated: 'default',
  rejected: 'red',
};

export function StepTag({ step }: { step: string }) {
  const t = useT();
  return (
    <Tag color={COLORS[step] ?? 'default'} data-step={step}>
      {t(stepKey(step))}
    </Tag>
  );
}
