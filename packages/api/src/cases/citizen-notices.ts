import type { CaseStep } from '@civicgrid/domain';

const NOTICES: Partial<Record<CaseStep, string>> = {
  registered: '您反映的问题已立案受理',
  rejected: '您反映的问题经核实不予立案',
  dispatched: '您反映的问题已派遣至职能部门处置',
  handled: '您反映的问题已处置，正在核查',
  closed: '您反映的问题已办结，欢迎评价',
};

/** The SMS a citizen gets when the case reaches a public step (Chinese, with the tracking code); none otherwise. */
export function citizenNotice(step: CaseStep, trackingCode: string): string | undefined {
  const text = NOTICES[step];
  return text ? `【CivicGrid】${text}。查询码 ${trackingCode}` : undefined;
}
