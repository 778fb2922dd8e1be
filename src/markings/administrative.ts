import type { Brief } from '../schema.ts';

/**
 * The administrative marking line, kept apart from the classification (see
 * MEMO-CONVENTIONS): the brief's `handling` (PRE-DECISIONAL / DELIBERATIVE)
 * and its embargo, with date, time and zone, in capitals. Undefined when it has neither.
 */
export function administrativeLine(brief: Pick<Brief, 'handling' | 'embargo' | 'language'>): string | undefined {
  const parts = [brief.handling, brief.embargo ? `Embargoed until ${embargoText(brief.embargo, brief.language)}` : ''];
  const line = parts.filter(Boolean).join(' · ');
  return line ? line.toLocaleUpperCase(brief.language) : undefined;
}

/** "March 30, 2021 at 09:00 EDT": the wall time in its zone, with the zone's name at that date. */
function embargoText(embargo: NonNullable<Brief['embargo']>, language: string): string {
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: embargo.timeZone,
    timeZoneName: 'short',
  }).format(instantOf(embargo.until, embargo.timeZone));
}

/** The instant at which clocks in `timeZone` show `wallTime` (YYYY-MM-DDTHH:MM). */
function instantOf(wallTime: string, timeZone: string): Date {
  const asUtc = Date.parse(`${wallTime}:00Z`);
  // The zone's offset at an instant: its wall clock read as UTC, less the instant.
  const offset = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }).formatToParts(instant);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - instant;
  };
  // Twice: the first guess may sit on the other side of a change of offset.
  const guess = asUtc - offset(asUtc);
  return new Date(asUtc - offset(guess));
}
