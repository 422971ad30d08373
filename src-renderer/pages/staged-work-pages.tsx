import { EmptyState } from '../components/empty-state';
import { Cli, Page } from '../components/page';
import { ChangeSetsPanel } from './changesets/change-sets-panel';
import { MigrationWindowsPanel } from './changesets/migration-windows-panel';
import { StageRenamesForm } from './changesets/stage-renames-form';

/*
 * The pages for staged work: each lists the change sets of its kind, and says what to
 * do first while there are none.
 */

export function RenamesPage() {
  return (
    <Page
      title="Renames"
      lede="Rename external IDs in batches, in every system that holds the person: Braze-style keeps the old ID deprecated during a migration window, Productboard and SCIM drop it at once, UserVoice gets a new external user and a step by hand. Every batch is checked and reviewed before it is pushed."
    >
      <StageRenamesForm />
      <ChangeSetsPanel
        kinds={['rename', 'removal']}
        label="Rename and removal batches"
        empty={
          <EmptyState title="No rename batches yet">
            <p>
              A batch is a CSV with the columns current_external_id,new_external_id. Check one for chains, collisions and
              swaps before staging it:
            </p>
            <Cli>rekey renames check --users USERS.json --renames RENAMES.csv</Cli>
          </EmptyState>
        }
      />
      <MigrationWindowsPanel />
    </Page>
  );
}

export function PushPage() {
  return (
    <Page
      title="Push"
      lede="Approved change sets, sent within each API's limits, journaled so nothing is lost or sent twice."
    >
      <ChangeSetsPanel
        kinds={['import', 'rename', 'removal', 'merge']}
        states={['approved', 'pushing', 'applied', 'partially_applied', 'failed']}
        label="Change sets to push"
        empty={
          <EmptyState title="Nothing approved to push">
            <p>
              Only change sets that have been reviewed and approved can be pushed. Stage an import or a rename batch first,
              then submit it for review.
            </p>
          </EmptyState>
        }
      />
    </Page>
  );
}
