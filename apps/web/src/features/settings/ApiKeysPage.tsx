import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client.ts';
import {
  type ApiKey,
  type CreatedApiKey,
  createApiKey,
  type KeyPermission,
  listApiKeys,
  revokeApiKey,
} from '../../api/settings.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';
import { SettingsTabs } from './SettingsTabs.tsx';
import { permissionLabel } from './settings-access.ts';

/** The server's limit on a key's name (packages/api/src/routes/api-keys.ts). */
const MAX_NAME = 64;

/** A key just made: shown this once, with a copy button, until the user says it is kept. */
function NewKey(props: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const copy = () => {
    const select = () => {
      inputRef.current?.select();
      setCopied('Selected: press Ctrl+C (⌘C) to copy.');
    };
    if (navigator.clipboard === undefined) {
      select();
      return;
    }
    navigator.clipboard.writeText(props.created.key).then(() => setCopied('Copied.'), select);
  };
  return (
    <section class="panel new-key" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New key “{props.created.name}”</h2>
      <p class="warning">
        <span class="shape shape-triangle" aria-hidden="true" />
        <span>
          <strong>Copy it now: it is shown only this once.</strong> Saba keeps only its hash, so a lost key cannot be
          shown again; revoke it and make another.
        </span>
      </p>
      <div class="key-row">
        <label for={id} class="visually-hidden">
          The new API key
        </label>
        <input
          id={id}
          ref={inputRef}
          class="key-value"
          readOnly
          value={props.created.key}
          spellcheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p class="status-line" aria-live="polite">
        {copied}
      </p>
      <button type="button" class="primary" onClick={props.onDone}>
        I have kept it
      </button>
    </section>
  );
}

/** Settings → API keys: owners and managers list, create (read or read-write) and revoke keys. */
export function ApiKeysPage() {
  const [keys, setKeys] = useState<ApiKey[] | undefined>(undefined);
  const [refused, setRefused] = useState(false);
  const [name, setName] = useState('');
  const [permission, setPermission] = useState<KeyPermission>('read');
  const [created, setCreated] = useState<CreatedApiKey | undefined>(undefined);
  const [revoking, setRevoking] = useState<ApiKey | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [reload, setReload] = useState(0);
  const nameId = useId();
  useEffect(() => {
    document.title = 'API keys · Saba';
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    listApiKeys(ac.signal).then(
      (k) => {
        setKeys([...k].sort((a, b) => b.createdAt - a.createdAt || a.name.localeCompare(b.name)));
        setError('');
      },
      (err: Error) => {
        if (ac.signal.aborted) return;
        if (err instanceof ApiError && err.status === 403) setRefused(true);
        else setError(err.message);
      },
    );
    return () => ac.abort();
  }, [reload]);
  const create = (e: Event) => {
    e.preventDefault();
    if (name.trim() === '') {
      setError('Name is required.');
      return;
    }
    setBusy(true);
    setError('');
    createApiKey(name.trim(), permission).then(
      (k) => {
        setBusy(false);
        setCreated(k);
        setName('');
        setNotice('');
        setReload((r) => r + 1);
      },
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  const revoke = (k: ApiKey) => {
    setBusy(true);
    revokeApiKey(k.id).then(
      () => {
        setBusy(false);
        setRevoking(undefined);
        setNotice(`Revoked ${k.name}.`);
        if (created?.id === k.id) setCreated(undefined);
        setReload((r) => r + 1);
      },
      (err: Error) => {
        setBusy(false);
        setRevoking(undefined);
        setError(err.message);
      },
    );
  };
  return (
    <section class="page settings-page">
      <h1 tabIndex={-1}>API keys</h1>
      <SettingsTabs path="/settings/api-keys" />
      {refused ? (
        <p class="empty">Only the organization's owners and managers manage API keys.</p>
      ) : (
        <>
          <p class="muted">
            Agents, <code>mkr</code> and scripts send a key in the <code>X-Api-Key</code> header. A read-only key is
            refused on every change.
          </p>
          {created !== undefined ? (
            <NewKey created={created} onDone={() => setCreated(undefined)} />
          ) : (
            <form class="panel key-form" onSubmit={create} noValidate>
              <h2>New key</h2>
              <div class="field">
                <label for={nameId}>
                  <span>Name</span>
                </label>
                <input
                  id={nameId}
                  name="name"
                  value={name}
                  maxLength={MAX_NAME}
                  required
                  placeholder="e.g. web servers' agents"
                  onInput={(e) => setName(e.currentTarget.value)}
                />
              </div>
              <fieldset class="field">
                <legend>Permission</legend>
                <label class="check">
                  <input
                    type="radio"
                    name="permission"
                    value="read"
                    checked={permission === 'read'}
                    onChange={() => setPermission('read')}
                  />
                  <span>Read only</span>
                </label>
                <label class="check">
                  <input
                    type="radio"
                    name="permission"
                    value="write"
                    checked={permission === 'write'}
                    onChange={() => setPermission('write')}
                  />
                  <span>Read and write (agents need this)</span>
                </label>
              </fieldset>
              <div class="form-actions">
                <button type="submit" class="primary" disabled={busy}>
                  Create key
                </button>
              </div>
            </form>
          )}
          {error !== '' && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <p class="status-line" aria-live="polite">
            {keys === undefined ? 'Loading keys…' : `${keys.length} key${keys.length === 1 ? '' : 's'}.`}
            {notice !== '' && ` ${notice}`}
          </p>
          {keys !== undefined && keys.length > 0 && (
            <div class="table-wrap">
              <table class="settings-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Permission</th>
                    <th scope="col">Created</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {keys.map((k) => (
                    <tr key={k.id} data-key={k.id}>
                      <td class="wrap">{k.name}</td>
                      <td>{permissionLabel(k.permission)}</td>
                      <td>{new Date(k.createdAt * 1000).toLocaleString()}</td>
                      <td>
                        <button
                          type="button"
                          class="danger"
                          aria-label={`Revoke ${k.name}…`}
                          onClick={() => setRevoking(k)}
                        >
                          Revoke…
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {revoking !== undefined && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke key"
          danger
          busy={busy}
          onCancel={() => setRevoking(undefined)}
          onConfirm={() => revoke(revoking)}
        >
          <p>
            Every agent and script using this key is refused from now on (other server processes within 10 seconds).
            This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
