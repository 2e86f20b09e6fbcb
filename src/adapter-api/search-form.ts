/**
 * The index options of an HTML search form (`<select name="index">` and the like): what a web
 * OPAC offers to search by, read for capability discovery. htmlparser2's tokenizer reads the
 * legacy markup (unclosed <option>, unquoted attributes, entities); length and option count
 * are capped like every parser of outside input.
 */
import { Parser } from 'htmlparser2';
import { TargetError, gatewayDiagnostic } from '../diagnostics.ts';

const SEARCH_FORM_LIMITS = { MAX_LENGTH: 1024 * 1024, MAX_OPTIONS: 500, MAX_LABEL: 200 } as const;

export interface FormOption {
  value: string;
  label: string;
}

/** The options of every `<select>` named `name` on the page, in page order; [] when there is none. */
export function selectOptions(html: string, name: string): FormOption[] {
  if (html.length > SEARCH_FORM_LIMITS.MAX_LENGTH) throw new TargetError(gatewayDiagnostic('form-limit', `the search form page is longer than ${SEARCH_FORM_LIMITS.MAX_LENGTH} characters (MAX_LENGTH)`));
  const options: FormOption[] = [];
  let inSelect = false;
  let current: { value: string | undefined; label: string } | undefined;
  const finish = () => {
    if (!current) return;
    const label = current.label.replace(/\s+/g, ' ').trim().slice(0, SEARCH_FORM_LIMITS.MAX_LABEL);
    // An option without value="" submits its text (HTML §4.10.10).
    options.push({ value: (current.value ?? label).trim(), label });
    current = undefined;
    if (options.length > SEARCH_FORM_LIMITS.MAX_OPTIONS) throw new TargetError(gatewayDiagnostic('form-limit', `more than ${SEARCH_FORM_LIMITS.MAX_OPTIONS} options in the search form (MAX_OPTIONS)`));
  };
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        if (tag === 'select') inSelect = attrs.name === name;
        else if (tag === 'option' && inSelect) {
          finish();
          current = { value: attrs.value, label: '' };
        }
      },
      ontext(text) {
        if (current && current.label.length <= SEARCH_FORM_LIMITS.MAX_LABEL) current.label += text;
      },
      onclosetag(tag) {
        if (tag === 'option') finish();
        else if (tag === 'select') {
          finish();
          inSelect = false;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return options;
}
