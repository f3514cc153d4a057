// Settings: appearance and font sizes, saved by the host.
import { useId, type ReactElement } from 'react';
import type { Settings } from '../../../../src-shared/contract/settings';
import { useSettings } from '../../state/selectors';
import { updateSettings } from '../../bridge/settings-actions';
import { handleRovingKeyDown } from '../../ui/roving-focus';

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The Settings view. */
export function SettingsView(): ReactElement {
  const settings = useSettings();
  const themeId = useId();
  if (!settings) return <p className="loading">Waiting for the host…</p>;
  return (
    <div className="page">
      <h1 className="page__title">Settings</h1>
      <p className="page__lead">Saved in your app-data folder as you change them.</p>

      <section className="form-section" aria-labelledby={`${themeId}-h`}>
        <h2 id={`${themeId}-h`}>Appearance</h2>
        <div className="field">
          <span className="field__label" id={themeId}>
            Theme
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby={themeId} onKeyDown={(e) => handleRovingKeyDown(e, 'horizontal')}>
            {THEMES.map((t) => (
              <button
                key={t.value}
                type="button"
                role="radio"
                data-roving-item
                aria-checked={settings.theme === t.value}
                tabIndex={settings.theme === t.value ? 0 : -1}
                className={settings.theme === t.value ? 'segmented__item segmented__item--on' : 'segmented__item'}
                onClick={() => void updateSettings({ theme: t.value })}
                onFocus={() => settings.theme !== t.value && void updateSettings({ theme: t.value })}
              >
                {t.label}
              </button>
            ))}
          </div>
        </div>
      </section>

      <section className="form-section" aria-labelledby={`${themeId}-fonts`}>
        <h2 id={`${themeId}-fonts`}>Fonts</h2>
        <FontSize label="Log font size" value={settings.logFontSize} onChange={(v) => void updateSettings({ logFontSize: v })} />
        <FontSize label="Terminal font size" value={settings.terminalFontSize} onChange={(v) => void updateSettings({ terminalFontSize: v })} />
      </section>
    </div>
  );
}

function FontSize({ label, value, onChange }: { label: string; value: number; onChange(v: number): void }): ReactElement {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input input--narrow"
        type="number"
        min={8}
        max={32}
        value={value}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= 8 && v <= 32) onChange(v);
        }}
      />
      <span className="field__hint">px (8–32)</span>
    </div>
  );
}
