// Marks a group of charts as drawn (data-drawn on its box) once each has painted: tests and the
// screenshot script wait on it; users are not shown timings.
import { useCallback, useEffect, useRef } from 'react';

export function useDrawn(charts: number): { drawn: () => void; ref: React.RefObject<HTMLDivElement | null> } {
  const ref = useRef<HTMLDivElement | null>(null);
  const count = useRef(0);
  const drawn = useCallback(() => {
    count.current += 1;
    if (count.current >= charts && ref.current) ref.current.dataset.drawn = 'true';
  }, [charts]);
  // No chart to wait for: drawn as it is.
  useEffect(() => {
    if (charts === 0 && ref.current) ref.current.dataset.drawn = 'true';
  }, [charts]);
  return { drawn, ref };
}
