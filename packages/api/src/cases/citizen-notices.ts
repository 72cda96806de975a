import type { CaseStep } from '@civicgrid/domain';

const NOTICES: Partial<Record<CaseStep, string>> = {
  reported: '您反映的问题已收到，我们将尽快处理',
  registered: '您反映的问题已立案受理',
  rejected: '您反映的问题经核实不予立案，原因请查看',
  dispatched: '您反映的问题已派遣至职能部门处置',
  handled: '您反映的问题已处置，正在核查',
  closed: '您反映的问题已办结，处理结果及评价请查看',
};

/** Who sends and where the citizen reads on: the office's own name, its citizen page origin and slug. */
export interface NoticeSender {
  /** The office (tenant) name — citizens know their 街道办, not the software it runs on. */
  office: string;
  slug: string;
  /** Origin of the citizen pages (`https://civicgrid.example.gov.cn`); without one the link is a bare path. */
  publicUrl?: string | undefined;
}

/** The tracking page of a code: `https://…/r/<slug>/t/<code>`. */
export function trackingLink(sender: NoticeSender, trackingCode: string): string {
  const origin = (sender.publicUrl ?? '').replace(/\/+$/, '');
  return `${origin}/r/${encodeURIComponent(sender.slug)}/t/${encodeURIComponent(trackingCode)}`;
}

/**
 * The SMS a citizen gets when the case reaches a public step: signed with the office's name (【泰达街道】), the
 * tracking code and the link to the tracking page; none for internal steps.
 */
export function citizenNotice(step: CaseStep, trackingCode: string, sender: NoticeSender): string | undefined {
  const text = NOTICES[step];
  return text ? `【${sender.office}】${text}：${trackingLink(sender, trackingCode)} 查询码 ${trackingCode}` : undefined;
}
