/**
 * Virtual databases: /sru is the whole union, /sru/<name> a subset — one library (its id)
 * or a BALIS category by English alias — plus any the config lists. Resolved once at
 * start-up so a bad config stops the gateway instead of failing requests.
 */
import { sruSchema, type Category, type GatewayConfig, type LibraryConfig, type SruSettings } from '../config/schema.ts';

export interface VirtualDatabase {
  /** Path segment after /sru/ ('' for the union). */
  name: string;
  title: { zh: string; en: string };
  libraries: LibraryConfig[];
}

const CATEGORY_ALIASES: Readonly<Record<string, Category>> = {
  science: '理工类',
  agriculture: '农学类',
  medicine: '医学类',
  other: '其他类',
};

const CATEGORY_EN: Readonly<Record<Category, string>> = {
  理工类: 'science and engineering',
  农学类: 'agriculture',
  医学类: 'medicine',
  其他类: 'other',
};

export function sruSettings(config: GatewayConfig): SruSettings {
  return config.gateway.sru ?? sruSchema.parse({});
}

export class DatabaseCatalog {
  readonly union: VirtualDatabase;
  private readonly byName = new Map<string, VirtualDatabase>();

  constructor(libraries: readonly LibraryConfig[], settings: SruSettings) {
    this.union = { name: '', title: settings.title, libraries: [...libraries] };
    const byId = new Map(libraries.map((l) => [l.id, l]));
    const problems: string[] = [];
    for (const [index, db] of settings.databases.entries()) {
      const key = db.name.toLowerCase();
      if (this.byName.has(key)) problems.push(`gateway.sru.databases[${index}].name: duplicate database "${db.name}"`);
      let members: LibraryConfig[];
      let title = db.title;
      if ('category' in db) {
        members = libraries.filter((l) => l.category === db.category);
        title ??= categoryTitle(db.category);
      } else {
        const unknown = db.libraries.filter((id) => !byId.has(id));
        if (unknown.length > 0) problems.push(`gateway.sru.databases[${index}].libraries: unknown library id ${unknown.map((u) => `"${u}"`).join(', ')}`);
        members = db.libraries.flatMap((id) => byId.get(id) ?? []);
        title ??= { zh: db.name, en: db.name };
      }
      this.byName.set(key, { name: db.name, title, libraries: members });
    }
    for (const id of settings.withholdMarc) {
      if (!byId.has(id)) problems.push(`gateway.sru.withholdMarc: unknown library id "${id}"`);
    }
    if (problems.length > 0) throw new Error(`invalid SRU configuration:\n  - ${problems.join('\n  - ')}`);
    // Defaults never override a configured name.
    for (const [alias, category] of Object.entries(CATEGORY_ALIASES)) {
      if (!this.byName.has(alias)) {
        this.byName.set(alias, { name: alias, title: categoryTitle(category), libraries: libraries.filter((l) => l.category === category) });
      }
    }
    for (const library of libraries) {
      if (!this.byName.has(library.id)) this.byName.set(library.id, { name: library.id, title: library.name, libraries: [library] });
    }
  }

  /** '' or '/' → the union; unknown names → undefined. Names compare case-insensitively. */
  find(name: string): VirtualDatabase | undefined {
    const key = name.replace(/^\/+|\/+$/g, '').toLowerCase();
    return key === '' ? this.union : this.byName.get(key);
  }

  all(): VirtualDatabase[] {
    return [this.union, ...this.byName.values()];
  }
}

function categoryTitle(category: Category): { zh: string; en: string } {
  return { zh: `BALIS ${category}成员馆`, en: `BALIS member libraries: ${CATEGORY_EN[category]}` };
}
