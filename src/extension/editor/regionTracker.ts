// Where a stream's text lives in its document, as offsets, kept right while anyone edits the
// document. Pure: the extension feeds it each content change (TextDocumentContentChangeEvent's
// rangeOffset / rangeLength / text.length).

export interface Region {
  start: number;
  end: number;
}

export interface OffsetChange {
  offset: number;
  /** Characters replaced. */
  length: number;
  /** Characters inserted. */
  textLength: number;
}

/**
 * 'outside' — the change was before the region (which moved) or after it;
 * 'inside'  — the change touched the region itself.
 */
export type ChangeImpact = 'outside' | 'inside';

export interface TrackOptions {
  /**
   * While a stream writes, the region's end is where new text goes: typing there is typing into
   * the text being written. Once finished, text typed right after the region is not part of it.
   */
  endIsInside: boolean;
}

export function trackChange(region: Region, change: OffsetChange, options: TrackOptions): { region: Region; impact: ChangeImpact } {
  const changeEnd = change.offset + change.length;
  const delta = change.textLength - change.length;
  // Entirely before (an insertion exactly at the start counts as before: it pushes the region down).
  if (changeEnd <= region.start) {
    return { region: { start: region.start + delta, end: region.end + delta }, impact: 'outside' };
  }
  const atEnd = change.offset === region.end && change.length === 0;
  if (change.offset > region.end || (atEnd && !(options.endIsInside && region.start < region.end))) {
    return { region, impact: 'outside' };
  }
  // Overlaps: the region becomes the union of what it was and what the change wrote.
  return {
    region: { start: Math.min(region.start, change.offset), end: Math.max(region.end, changeEnd) + delta },
    impact: 'inside',
  };
}

/** Several changes of one document event, whose offsets all refer to the document before the event. */
export function trackChanges(region: Region, changes: readonly OffsetChange[], options: TrackOptions): { region: Region; impact: ChangeImpact } {
  // Bottom-up, so earlier (higher) changes never invalidate the offsets of later (lower) ones.
  const ordered = [...changes].sort((a, b) => b.offset - a.offset);
  let impact: ChangeImpact = 'outside';
  let current = region;
  for (const change of ordered) {
    const r = trackChange(current, change, options);
    current = r.region;
    if (r.impact === 'inside') impact = 'inside';
  }
  return { region: current, impact };
}

/** The stream's own edit (replacing part of the region or appending at its end): the region grows to hold it. */
export function applyOwnEdit(region: Region, change: OffsetChange): Region {
  const delta = change.textLength - change.length;
  return { start: Math.min(region.start, change.offset), end: Math.max(region.end, change.offset + change.length) + delta };
}
