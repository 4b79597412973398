/**
 * Creates an element. Children that are strings become text nodes, so data
 * from the API can never turn into markup (no innerHTML anywhere in the UI).
 * Props starting with "on" become event listeners; `true` sets a boolean
 * attribute; null, undefined and false leave the attribute out.
 *
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Node | string | number | null | undefined | false | Array<Node | string | number | null | undefined | false>)} children
 * @returns {HTMLElement}
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

/** @param {unknown[]} children @returns {(Node | string)[]} */
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
 * @param {Array<[string, Node | string | null | undefined]>} pairs
 */
export function definitionList(pairs) {
  const shown = pairs.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return h('dl', { class: 'facts' }, shown.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/**
 * A section labelled by its own heading, so it appears in the screen
 * reader's landmark and heading lists under that name.
 *
 * @param {string} id used for the heading id
 * @param {string} title
 * @param {...unknown} children
 */
export function section(id, title, ...children) {
  const headingId = `${id}-heading`;
  return h('section', { id, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), ...children);
}
