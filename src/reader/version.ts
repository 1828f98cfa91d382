// The reader's version: bump it whenever a change to the reader can change
// what it reads from any PDF (a fact, an item, a flag). Stored with every
// report, so a database knows which reports an older reader produced.
export const READER_VERSION = 6;
