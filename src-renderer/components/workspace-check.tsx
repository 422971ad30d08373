import { useState } from 'react';
import { describeCheck, type WorkspaceCheck as CheckResult } from '../../src-shared/model/workspace-check';
import { call } from '../bridge/client';

/**
 * "Check the file": the full check open skips after a clean close (issue 22), the same
 * one `rekey doctor` runs, with its answer in plain words.
 */
export function WorkspaceCheck() {
  const [state, setState] = useState<{ running: boolean; result?: CheckResult; error?: string }>({ running: false });
  const run = async () => {
    setState({ running: true });
    try {
      setState({ running: false, result: await call('workspace.check', {}) });
    } catch (e) {
      setState({ running: false, error: (e as Error).message });
    }
  };
  return (
    <div className="workspace-check">
      <button type="button" onClick={() => void run()} disabled={state.running}>
        {state.running ? 'Checking the file…' : 'Check the workspace file'}
      </button>
      {(state.result || state.error) && (
        <p role="status" aria-label="Workspace check" className={state.result?.ok ? 'ok-text' : 'error-text'}>
          {state.result ? describeCheck(state.result) : state.error}
        </p>
      )}
    </div>
  );
}
