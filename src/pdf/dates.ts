/** "March 29, 2021" (or as the language writes it): a `YYYY-MM-DD` date as memos print it, never shifted by a time zone. */
export const longDate = (date: string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
