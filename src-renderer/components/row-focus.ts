import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

const PAGE = 10;

/**
 * A row focus that the arrow keys move through a table (a roving tabindex): the table is
 * one Tab stop, ↑/↓ move a row, PageUp/PageDown ten, Home/End to the ends, Enter acts on
 * the row. Tab then goes on into the focused row's own buttons and fields. A virtualised
 * table passes `scrollTo`, so the next row is rendered before it takes the focus.
 */
export function useRowFocus<E extends HTMLElement>(count: number, options: { scrollTo?: (index: number) => void; onActivate?: (index: number) => void } = {}) {
  const [active, setActive] = useState(0);
  const container = useRef<E>(null);
  const pending = useRef<number | undefined>(undefined);
  const current = Math.max(0, Math.min(active, count - 1));

  // After each render: a row asked for focus that was not rendered yet may be now.
  useEffect(() => {
    if (pending.current === undefined) return;
    const row = container.current?.querySelector<HTMLElement>(`[data-row-index="${pending.current}"]`);
    if (!row) return;
    pending.current = undefined;
    row.focus();
  });

  const move = (index: number) => {
    const next = Math.max(0, Math.min(index, count - 1));
    setActive(next);
    pending.current = next;
    options.scrollTo?.(next);
    container.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Keys pressed in a row's own controls stay theirs.
    if (!(e.target instanceof HTMLElement) || e.target.dataset.rowIndex === undefined || count === 0) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current + 1),
      ArrowUp: () => move(current - 1),
      PageDown: () => move(current + PAGE),
      PageUp: () => move(current - PAGE),
      Home: () => move(0),
      End: () => move(count - 1),
      ...(options.onActivate ? { Enter: () => options.onActivate!(current) } : {}),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  const rowProps = (index: number) => ({
    'data-row-index': index,
    tabIndex: index === current ? 0 : -1,
    // Focus on the row or in its controls (a click, Shift+Tab) makes it the current row.
    onFocus: () => setActive(index),
  });

  return { containerRef: container, onKeyDown, rowProps };
}
