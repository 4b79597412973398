/** @typedef {Node | string | number | null | undefined | false} Leaf */
/** @typedef {Leaf | Leaf[] | Leaf[][]} Child children may come in (nested) arrays, e.g. from map() */

/**
 * Creates an element. Children that are strings become text nodes, so data
 * from the API can never turn into markup (no innerHTML anywhere in the UI).
 * Props starting with "on" become event listeners; `true` sets a boolean
 * attribute; null, undefined and false leave the attribute out or the child away.
 *
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else if (name === 'class') {
      element.className = String(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...flatten(children));
  return element;
}

/** @param {Child[]} children @returns {(Node | string)[]} */
function flatten(children) {
  return children
    .flat(Infinity)
    .filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (child instanceof Node ? child : String(child)));
}

/**
 * A `<dl>` from label/value pairs; pairs whose value is empty are left out so
 * the page does not list fields that were never filled in.
 *
 * @param {Array<[string, Child]>} pairs
 */
export function definitionList(pairs) {
  const shown = pairs.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return h(
    'dl',
    { class: 'facts' },
    shown.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

/**
 * A section labelled by its own heading, so it appears in the screen
 * reader's landmark and heading lists under that name.
 *
 * @param {string} id used for the heading id
 * @param {string} title
 * @param {...Child} children
 */
export function section(id, title, ...children) {
  const headingId = `${id}-heading`;
  return h('section', { id, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), ...children);
}
