// Focus is never lost to the page body: a dialog gives it back to what had it when it opened,
// and when the focused element is removed (a cancelled schedule's row, a closed panel) it goes to
// the view's main region, so the keyboard user stays where they were.
import { useEffect, useLayoutEffect } from 'react';

/** The view's main region (focusable by script, not in the tab order). */
export function focusMain(): void {
  document.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
}

/** The last element focused outside a dialog (an overlay): where a dialog gives focus back. */
let lastOutside: HTMLElement | null = null;
if (typeof document !== 'undefined') {
  document.addEventListener(
    'focusin',
    (e) => {
      if (e.target instanceof HTMLElement && !e.target.closest('.overlay')) lastOutside = e.target;
    },
    true,
  );
}

/** For a dialog: on close, focus returns to the element that had it when the dialog opened. */
export function useReturnFocus(): void {
  // A layout effect: its cleanup runs before the dialog leaves the DOM, while focus is still in
  // it. The opener is read from the focus history: an autoFocus inside the dialog came first.
  useLayoutEffect(() => {
    const opener = lastOutside;
    return () => {
      if (opener?.isConnected) opener.focus({ preventScroll: true });
      else focusMain();
    };
  }, []);
}

/** Once for the app: when the focused element leaves the DOM and focus fell to the body, focus the main region. */
export function useFocusGuard(): void {
  useEffect(() => {
    let last: Element | null = null;
    const onFocusIn = (e: FocusEvent) => {
      last = e.target instanceof Element ? e.target : null;
    };
    const observer = new MutationObserver(() => {
      if (!last || last.isConnected) return;
      last = null;
      if (document.activeElement === null || document.activeElement === document.body) focusMain();
    });
    document.addEventListener('focusin', onFocusIn);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      observer.disconnect();
    };
  }, []);
}
