/** What both pages share: the language switch and the first translation pass. */
import { byId } from './dom.ts';
import { applyI18n, lang, onLangChange, setLang } from './i18n.ts';

export function setUpChrome(): void {
  const button = byId<HTMLButtonElement>('lang-switch');
  button.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  // The button is written in the other language; screen readers should read it that way.
  const mark = () => (button.lang = lang() === 'zh' ? 'en' : 'zh-CN');
  onLangChange(mark);
  mark();
  applyI18n(document);
}

export function showError(where: HTMLElement, text: string): void {
  where.textContent = text;
  where.hidden = text === '';
}
