// SPDX-License-Identifier: MIT
import { useEffect } from "react";

const MAX_FRAMES = 30;

function domNode(target) {
  if (!target) {
    return null;
  }
  if (target instanceof HTMLElement) {
    return target;
  }
  // A semantic-ui-react component keeps its element in ``ref``.
  return target.ref && target.ref.current instanceof HTMLElement ? target.ref.current : null;
}

/**
 * Move the focus into a dialog when it opens. Semantic UI shows a modal a
 * moment after mounting it (a hidden element cannot take the focus), so
 * this tries again on the next frames until the element has it.
 */
export function useFocusOnOpen(open, ref) {
  useEffect(() => {
    if (!open) {
      return undefined;
    }
    let frame = null;
    let frames = 0;
    const attempt = () => {
      const node = domNode(ref.current);
      if (node) {
        node.focus();
      }
      if ((!node || document.activeElement !== node) && frames++ < MAX_FRAMES) {
        frame = requestAnimationFrame(attempt);
      }
    };
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, [open, ref]);
}
