import type { ChangeSet } from '../../../src-shared/model/change-set';
import { useRowFocus } from '../../components/row-focus';
import { StateBadge } from './state-badge';

/** Change sets as a pickable table: id, kind, state, target, row counts. */
export function ChangeSetList(props: { changeSets: ChangeSet[]; selectedId?: number; onSelect: (id: number) => void; label: string }) {
  const focus = useRowFocus<HTMLTableSectionElement>(props.changeSets.length, { onActivate: (i) => props.onSelect(props.changeSets[i]!.id) });
  return (
    <table className="table" aria-label={props.label}>
      <thead>
        <tr>
          <th>#</th>
          <th>Title</th>
          <th>Kind</th>
          <th>State</th>
          <th>Connection</th>
          <th className="num">Rows</th>
          <th className="num">Approved</th>
          <th className="num">Applied</th>
          <th className="num">Failed</th>
        </tr>
      </thead>
      <tbody ref={focus.containerRef} onKeyDown={focus.onKeyDown}>
        {props.changeSets.map((cs, i) => (
          <tr
            key={cs.id}
            {...focus.rowProps(i)}
            aria-selected={cs.id === props.selectedId}
            className={cs.id === props.selectedId ? 'selected clickable' : 'clickable'}
            onClick={() => props.onSelect(cs.id)}
          >
            <td className="num">{cs.id}</td>
            <td>
              <button type="button" className="link" onClick={() => props.onSelect(cs.id)}>
                {cs.title}
              </button>
            </td>
            <td>{cs.kind}</td>
            <td>
              <StateBadge state={cs.state} />
            </td>
            <td>{cs.connection}</td>
            <td className="num">{cs.rowCounts.total}</td>
            <td className="num">{cs.rowCounts.approved}</td>
            <td className="num">{cs.rowCounts.applied}</td>
            <td className="num">{cs.rowCounts.failed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
