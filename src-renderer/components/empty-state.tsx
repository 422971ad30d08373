import type { ReactNode } from 'react';

/** What a page shows before it has anything: what it is for and what to do next. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
    </div>
  );
}
