import { ProcessRepository } from '@civicgrid/db';
import { type PetitionData, type ProcessRecord, petitionKind } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { visibleRecord } from '../process/audience';
import { chineseDate, documentPdf } from '../process/documents';
import { registerKindStats } from '../process/stats';

const COUNTERS = [
  'received',
  'decided',
  'acceptedOnTime',
  'accepted',
  'replied',
  'rated',
  'satisfied',
  'repeated',
  'collective',
  'lawRelated',
  'reviewed',
  'finished',
  'finishedOnTime',
  'overdueOpen',
] as const;
/** 及时受理率, 按期办结率, 满意率, 重复访率. */
const RATES = [
  ['timelyAcceptanceRate', 'acceptedOnTime', 'decided'],
  ['onTimeRate', 'finishedOnTime', 'finished'],
  ['satisfactionRate', 'satisfied', 'rated'],
  ['repeatRate', 'repeated', 'received'],
] as const;
const DIMENSIONS = ['channel', 'grid'] as const;
const CHANNEL_ZH: Record<string, string> = { letter: '来信', visit: '来访', online: '网上信访', phone: '电话' };

/** The reply (信访事项处理意见书) of a petition, for print. */
export function replyDocument(p: ProcessRecord<PetitionData>) {
  const d = p.data;
  return {
    title: '信访事项处理意见书',
    subtitle: `编号 ${p.number ?? p.id}`,
    sections: [
      { heading: '信访人', lines: [d.petitioners.map((x) => x.name).join('、')] },
      {
        heading: '信访事项',
        lines: [`${CHANNEL_ZH[d.channel] ?? d.channel}，${chineseDate(d.receivedAt)}收到。`, d.subject],
      },
      { heading: '处理意见', lines: [d.reply?.text ?? '（尚未答复）'] },
      ...(d.review ? [{ heading: '复查意见', lines: [d.review.text] }] : []),
      ...(d.reReview ? [{ heading: '复核意见', lines: [d.reReview.text] }] : []),
      {
        heading: '告知事项',
        lines: [
          d.review
            ? '信访人对复查意见不服的，可以自收到复查意见书之日起30日内向复查机关的上一级行政机关请求复核。'
            : '信访人对处理意见不服的，可以自收到本意见书之日起30日内请求原办理行政机关的上一级行政机关复查。',
        ],
      },
    ],
    footer: [chineseDate(d.reReview?.at ?? d.review?.at ?? d.reply?.at)],
  };
}

/** Petition KPIs (by tenant, channel and grid) and the printable reply. */
export function registerPetitionRoutes(route: Route, deps: AppDeps): void {
  const repo = new ProcessRepository<PetitionData>(deps.store, petitionKind, deps.config);

  registerKindStats(route, deps, repo, {
    path: '/api/stats/petitions',
    operationId: 'getPetitionStats',
    permission: 'petition.read',
    summary:
      'Petition KPIs: 及时受理率 timelyAcceptanceRate, 按期办结率 onTimeRate, 满意率 satisfactionRate, 重复访率 repeatRate; rows by channel and grid',
    counters: COUNTERS,
    rates: RATES,
    dimensions: DIMENSIONS,
  });

  route(
    {
      method: 'GET',
      path: '/api/petitions/:id/reply.pdf',
      operationId: 'getPetitionReplyPdf',
      isolation: 'tenant',
      permission: 'petition.read',
      summary: 'The reply (信访事项处理意见书) as a printable PDF with the Chinese font embedded',
    },
    async (c) => {
      const id = param(c, 'id', 'Petition');
      const { record: petition } = await visibleRecord(c, deps, repo, id, 'read');
      const bytes = await documentPdf(replyDocument(petition));
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="reply-${id}.pdf"`,
      });
    },
  );
}
