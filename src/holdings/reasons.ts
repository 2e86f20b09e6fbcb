/**
 * Why a copy cannot go out on ILL, in both UI languages. Every normalized status has
 * its own wording; `code` is stable for programs (the status name, or a rule code).
 */
import type { HoldingStatus, Reason } from './model.ts';

interface StatusWording {
  zh: string;
  en: string;
}

/** Appended after `状态为"<label>"，`; the English stands alone. */
const STATUS_WORDING: Record<Exclude<HoldingStatus, 'available' | 'unknown' | 'on_loan'>, StatusWording> = {
  on_hold: { zh: '已被其他读者预约', en: 'on hold for another reader' },
  in_transit: { zh: '正在馆间运送', en: 'in transit between locations' },
  in_process: { zh: '尚在订购或加工编目中', en: 'still on order or being processed' },
  lost: { zh: '已丢失', en: 'reported lost' },
  missing: { zh: '下落不明', en: 'missing from the shelf' },
  damaged: { zh: '破损或修补中', en: 'damaged or under repair' },
  withdrawn: { zh: '已剔除注销', en: 'withdrawn from the collection' },
  reading_room_only: { zh: '仅供馆内阅览', en: 'for use in the library only' },
};

export function statusReason(status: HoldingStatus, label: string, dueDate?: string): Reason {
  if (status === 'unknown') {
    return label === ''
      ? { code: 'status_unknown', zh: '未提供状态，无法判断能否外借', en: 'no status given; availability unknown' }
      : { code: 'status_unknown', zh: `无法识别的状态"${label}"`, en: `unrecognized status "${label}"` };
  }
  if (status === 'on_loan') {
    return dueDate
      ? { code: 'on_loan', zh: `状态为"${label}"，应还日期 ${dueDate}`, en: `on loan until ${dueDate}` }
      : { code: 'on_loan', zh: `状态为"${label}"`, en: 'on loan' };
  }
  if (status === 'available') {
    // Only reached when a library's rule leaves `available` out of `ill.statuses`.
    return { code: 'status_not_in_rule', zh: `状态"${label}"不在本馆馆际互借范围`, en: `status "${label}" is outside this library's ILL rule` };
  }
  const wording = STATUS_WORDING[status];
  return { code: status, zh: `状态为"${label}"，${wording.zh}`, en: wording.en };
}

export function collectionTypeReason(type: string, en: string): Reason {
  return { code: 'collection_type', zh: `馆藏类型"${type}"不外借`, en: `${en} ("${type}") is not lent` };
}

export function notInRuleReason(type: string | undefined, allowed: readonly string[]): Reason {
  const list = allowed.join('、');
  return type === undefined
    ? { code: 'not_in_rule', zh: `未提供馆藏类型，本馆馆际互借仅限${list}`, en: `no collection type given; ILL is limited to ${allowed.join(', ')}` }
    : {
        code: 'not_in_rule',
        zh: `馆藏类型"${type}"不在本馆馆际互借范围（仅限${list}）`,
        en: `collection type "${type}" is outside this library's ILL scope (only ${allowed.join(', ')})`,
      };
}

export function branchReason(branch: string | undefined, allowed: readonly string[]): Reason {
  const list = allowed.join('、');
  return branch === undefined
    ? { code: 'branch_out_of_scope', zh: `未提供馆址，馆际互借仅限${list}`, en: `no branch given; ILL is limited to ${allowed.join(', ')}` }
    : {
        code: 'branch_out_of_scope',
        zh: `馆址"${branch}"不在馆际互借范围（仅限${list}）`,
        en: `branch "${branch}" is outside the ILL scope (only ${allowed.join(', ')})`,
      };
}

/** Where a suspension comes from: the library's configuration or a union catalogue's mark, read at `asOf`. */
export interface ServiceOrigin {
  source: 'config' | 'union';
  asOf: string;
}

export function suspendedReason(notice: { zh: string; en?: string | undefined }, origin?: ServiceOrigin): Reason {
  const reason: Reason = { code: 'lender_suspended', zh: `出借馆暂停服务：${notice.zh}`, en: notice.en ? `lender suspended: ${notice.en}` : 'lender suspended' };
  return origin ? { ...reason, source: origin.source, asOf: origin.asOf } : reason;
}
