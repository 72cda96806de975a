import { Space, Tag } from 'antd';
import { useT } from '../i18n';
import type { CaseItem } from '../types';

/** 督办 / 紧急 / 网格外 / 疑似重复 flags of a case, on every list and the case page. */
export function CaseFlags({ item }: { item: CaseItem }) {
  const t = useT();
  if (!item.supervised && item.urgency !== 'urgent' && !item.outsideGrids && !item.possibleDuplicate) return null;
  return (
    <Space size={4} wrap>
      {item.supervised && (
        <Tag color="volcano" data-testid={`flag-supervised-${item.id}`}>
          {t('flag.supervised')}
        </Tag>
      )}
      {item.urgency === 'urgent' && (
        <Tag color="red" data-testid={`flag-urgent-${item.id}`}>
          {t('flag.urgent')}
        </Tag>
      )}
      {item.possibleDuplicate && (
        <Tag color="purple" data-testid={`flag-duplicate-${item.id}`}>
          {t('flag.duplicate')}
        </Tag>
      )}
      {item.outsideGrids && (
        <Tag color="gold" data-testid={`flag-outside-${item.id}`}>
          {t('flag.outsideGrids')}
        </Tag>
      )}
    </Space>
  );
}
