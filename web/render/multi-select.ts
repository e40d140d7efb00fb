import { select } from 'd3';

export interface Option {
  readonly value: string;
  readonly label: string;
}

export interface MultiSelect {
  readonly element: HTMLDetailsElement;
  sync(selected: ReadonlySet<string>): void;
}

/**
 * A checkbox list in a <details> disclosure: native keyboard handling, no library, and the
 * summary line always says how much is selected ("Platforms: 3 of 11").
 */
export function multiSelect(
  parent: HTMLElement,
  id: string,
  label: string,
  options: readonly Option[],
  onChange: (selected: Set<string>) => void,
): MultiSelect {
  const details = select(parent).append('details').attr('class', 'multi').attr('id', id);
  const summary = details.append('summary');
  const menu = details.append('div').attr('class', 'menu').attr('role', 'group').attr('aria-label', label);
  const actions = menu.append('div').attr('class', 'menu-actions');
  const boxes = new Map<string, HTMLInputElement>();
  const current = (): Set<string> => new Set([...boxes].filter(([, b]) => b.checked).map(([v]) => v));
  const setAll = (on: boolean) => {
    for (const b of boxes.values()) b.checked = on;
    update();
    onChange(current());
  };
  actions.append('button').attr('type', 'button').text('All').on('click', () => setAll(true));
  actions.append('button').attr('type', 'button').text('None').on('click', () => setAll(false));
  for (const o of options) {
    const row = menu.append('label').attr('class', 'option');
    const box = row.append('input').attr('type', 'checkbox').attr('value', o.value).property('checked', true);
    row.append('span').text(o.label);
    boxes.set(o.value, box.node()!);
    box.on('change', () => {
      update();
      onChange(current());
    });
  }
  const update = () => {
    const n = current().size;
    summary.text(`${label}: ${n === options.length ? 'all' : n === 0 ? 'none' : `${n} of ${options.length}`}`);
    details.classed('narrowed', n < options.length);
  };
  update();
  return {
    element: details.node()!,
    sync(selected) {
      for (const [v, b] of boxes) b.checked = selected.has(v);
      update();
    },
  };
}
