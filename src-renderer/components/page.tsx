import type { ReactNode } from 'react';

/** A page's frame: title, one line on what it is for, optional actions, content. */
export function Page(props: { title: string; lede: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">{props.title}</h1>
          <p className="lede">{props.lede}</p>
        </div>
        {props.actions && <div className="page-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function ErrorBanner({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="error-banner" role="alert">
      {message}
    </div>
  );
}

export function Cli({ children }: { children: string }) {
  return <code className="cli">{children}</code>;
}
