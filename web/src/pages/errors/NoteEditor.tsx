import { useEffect, useState } from 'react';

const MAX_NOTE = 10_000;

/** A free-text note on the group (what we know, the ticket link); saved explicitly, not on every key. */
export function NoteEditor({ note, busy, onSave }: { note: string; busy: boolean; onSave: (note: string) => void }) {
  const [text, setText] = useState(note);
  useEffect(() => setText(note), [note]);
  const changed = text !== note;
  return (
    <form
      className="note-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) onSave(text);
      }}
    >
      <label className="section-label" htmlFor="group-note">
        Note
      </label>
      <textarea
        id="group-note"
        rows={3}
        maxLength={MAX_NOTE}
        placeholder="What is known about it, a ticket link…"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="note-foot">
        <span className="muted small">
          {text.length > MAX_NOTE - 500 ? `${MAX_NOTE - text.length} characters left` : ''}
        </span>
        {changed && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setText(note)}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn btn-small" disabled={!changed || busy}>
          Save note
        </button>
      </div>
    </form>
  );
}
