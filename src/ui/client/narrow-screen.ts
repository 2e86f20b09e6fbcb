/**
 * A phone-sized screen (the CSS's max-width: 719px): lists start shorter there, so that a
 * search's results with one volume open stay within a few screens (issue 15, item 7).
 */
export function narrowScreen(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(max-width: 719px)').matches;
}
