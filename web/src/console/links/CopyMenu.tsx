import { useEffect, useId, useRef, useState } from 'react';

/** "Copy link" with a dropdown of the other ways to share it. */
export function CopyMenu({
  linkName,
  onCopyLink,
  onCopySingleUse,
  onPersonalize,
  onBulk,
  disabled,
}: {
  linkName: string;
  onCopyLink: () => void;
  onCopySingleUse: () => void;
  onPersonalize: () => void;
  onBulk: () => void;
  disabled: boolean;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const menu = useRef<HTMLUListElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const close = (event: Event) => {
      if (!menu.current?.parentElement?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const choose = (action: () => void) => () => {
    setOpen(false);
    toggle.current?.focus();
    action();
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      setOpen(false);
      toggle.current?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  };

  return (
    <div className="split-button">
      <button type="button" onClick={onCopyLink} disabled={disabled}>
        Copy link
      </button>
      <button
        type="button"
        ref={toggle}
        className="toggle"
        aria-label={`More ways to share ${linkName}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        disabled={disabled}
        onClick={() => setOpen((was) => !was)}
      >
        ▾
      </button>
      {open ? (
        <ul className="menu" role="menu" id={menuId} ref={menu} onKeyDown={onKeyDown}>
          <li role="none">
            <button type="button" role="menuitem" onClick={choose(onCopySingleUse)}>
              Copy single-use link
            </button>
          </li>
          <li role="none">
            <button type="button" role="menuitem" onClick={choose(onPersonalize)}>
              Personalize…
            </button>
          </li>
          <li role="none">
            <button type="button" role="menuitem" onClick={choose(onBulk)}>
              Mint several…
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
