import { useEffect, type ReactNode } from 'react';
import type { ChangeSetKind, ChangeSetState } from '../../../src-shared/changesets/lifecycle';
import { ErrorBanner } from '../../components/page';
import { ofKinds, useChangeSets } from '../../stores/changesets-store';
import { ChangeSetDetail } from './change-set-detail';
import { ChangeSetList } from './change-set-list';

/** A page's change sets of some kinds (and states), with the selected one below. */
export function ChangeSetsPanel(props: { kinds: readonly ChangeSetKind[]; states?: readonly ChangeSetState[]; label: string; empty: ReactNode | null }) {
  const { list, selected, error, load, select } = useChangeSets();
  useEffect(() => {
    void load();
  }, [load]);
  const shown = ofKinds(list, props.kinds).filter((cs) => !props.states || props.states.includes(cs.state));
  const current = selected && shown.some((cs) => cs.id === selected.changeSet.id) ? selected : undefined;
  return (
    <>
      <ErrorBanner message={error} />
      {list && shown.length === 0 ? (
        props.empty
      ) : shown.length === 0 ? null : (
        <ChangeSetList changeSets={shown} selectedId={current?.changeSet.id} onSelect={(id) => void select(id)} label={props.label} />
      )}
      {current && <ChangeSetDetail changeSet={current.changeSet} />}
    </>
  );
}
