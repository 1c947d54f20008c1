/**
 * CSV price files: the known layouts (plain, Yahoo, Stooq, Stooq bulk, Kaggle), their detection
 * from the header, the parser that turns one file into valid bars and rejects, and the readers
 * under it that refuse what is not UTF-8 text and keep each record's raw text.
 */
package io.stockpipe.ingest.csv;
