declare module 'wink-porter2-stemmer' {
  /** Porter2 (English) stemmer: one lower-case word in, its stem out. */
  function stem(word: string): string;
  export = stem;
}
