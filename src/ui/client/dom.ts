/**
 * The whole view layer: elements are built with createElement and filled with textContent,
 * never innerHTML, so record data (titles, names, notes) can never become markup.
 */

import { translateElement } from './i18n.ts';

type Child = Node | string | number | null | undefined | false;
type Handler = (event: Event) => void;

export interface Props {
  class?: string;
  text?: string | number;
  /** Attributes set with setAttribute (aria-*, role, for, type…); `false`/`undefined` leaves it out. */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Record<string, Handler>;
  /** Translation key: the text is set (and re-set on a language switch) by i18n.applyI18n. */
  i18n?: string;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = String(props.text);
  if (props.i18n) el.dataset.i18n = props.i18n;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, handler] of Object.entries(props.on ?? {})) el.addEventListener(name, handler);
  append(el, ...children);
  if (props.i18n || 'data-i18n-label' in (props.attrs ?? {}) || 'data-i18n-placeholder' in (props.attrs ?? {})) translateElement(el);
  return el;
}

function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page is missing #${id}`);
  return el as T;
}

let counter = 0;
/** Unique ids for label/aria-describedby pairs. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
