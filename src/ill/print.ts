/**
 * A printable 馆际互借申请单 laid out like the BALIS form (label / value pairs two to a row,
 * starred required boxes, the limits in brackets), so a reader or librarian can key it into
 * BALIS by hand or file it. Every value is HTML-escaped; the page loads nothing.
 */
import { escapeHtml } from './html.ts';
import type { IllDraft } from './types.ts';

interface Cell {
  label: string;
  value: string;
  required?: boolean;
  limit?: number;
}

const STATUS_ZH: Record<IllDraft['status'], string> = { draft: '草稿', submitting: '提交中', submitted: '已提交', failed: '提交失败', needs_check: '待馆员核实', cancelled: '已取消' };

function cell({ label, value, required, limit }: Cell): string {
  const star = required ? '<span class="req">*</span>' : '';
  const hint = limit ? `<span class="hint">(限${limit}字符)</span>` : '';
  return `<th>${star}${escapeHtml(label)}:${hint}</th><td>${escapeHtml(value)}</td>`;
}

function rows(pairs: Cell[][]): string {
  return pairs.map((pair) => `<tr>${pair.map(cell).join('')}${pair.length === 1 ? '<th></th><td></td>' : ''}</tr>`).join('\n');
}

// The reader and the BALIS officer read Beijing time; the stored timestamp is UTC.
const SHANGHAI = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });

function shanghaiTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${SHANGHAI.format(date)}（北京时间 UTC+8）`;
}

export function printDraft(draft: IllDraft): string {
  const f = draft.form;
  const r = draft.reader;
  const wiped = r === null ? '（读者信息已删除）' : '';
  const lender = f.lenderCode ? `${f.lenderName}（出借馆代码 ${f.lenderCode}）` : f.lenderName;
  const table = rows([
    [{ label: '书刊名称', value: f.title, required: true, limit: 240 }, { label: '文种', value: f.language }],
    [{ label: '出版年', value: f.year }, { label: '文章作者', value: f.authors }],
    [{ label: '出版社', value: f.publisher }, { label: 'ISBN/ISSN', value: f.isbnIssn }],
    [{ label: '选择出借馆', value: lender }, { label: '资料类型', value: f.materialType }],
    [{ label: '选择委托馆', value: f.delegateLibrary }],
    [{ label: '具体出借馆', value: f.lenderDetail, limit: 100 }],
    [{ label: '图书运送方式', value: f.delivery }, { label: '取书方式', value: f.pickup }],
    [{ label: '读者条码', value: r?.readerBarcode ?? wiped }, { label: '读者姓名', value: r?.readerName ?? wiped }],
    [{ label: '收件人姓名', value: r?.recipientName ?? wiped, required: true }, { label: '自定义申请单号', value: f.customReference }],
    [{ label: 'E-mail', value: r?.email ?? wiped, required: true }, { label: '电话/传真', value: r?.phone ?? wiped }],
    [{ label: '服务费用', value: f.fee }, { label: '读者付费方式', value: f.paymentMethod }],
    [{ label: '申请单备注', value: f.note, limit: 50 }],
  ]);
  const status = draft.submission.requestNumber ? `${STATUS_ZH[draft.status]}，申请单号 ${draft.submission.requestNumber}` : STATUS_ZH[draft.status];
  const notes = [
    ...(draft.eligibility.eligible ? [] : draft.eligibility.reasons.map((reason) => `不可外借：${reason.zh}`)),
    ...(draft.override ? [`馆员特批：${draft.override.reason}`] : []),
    ...draft.warnings.map((w) => w.zh),
    ...draft.submission.warnings,
  ];
  const noteList = notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>馆际互借申请单 ${escapeHtml(draft.id)}</title>
<style>
body { font-family: "Songti SC", SimSun, serif; margin: 2em; }
h1 { font-size: 1.3em; } table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: 0.35em 0.5em; vertical-align: top; }
th { text-align: right; white-space: nowrap; background: #f3f3f3; font-weight: normal; width: 9em; }
.req { color: #c00; } .hint { color: #666; font-size: 0.85em; } .meta { color: #444; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>馆际互借申请单</h1>
<p class="meta">草稿编号 ${escapeHtml(draft.id)} · 状态 ${escapeHtml(status)} · 生成于 ${escapeHtml(shanghaiTime(draft.createdAt))}</p>
<table>
${table}
</table>
${noteList}
<p class="meta">带有*的为必填项目。</p>
</body>
</html>
`;
}
