/**
 * CSV price files: the known layouts (plain, Yahoo, Stooq, Stooq bulk, Kaggle), their detection
 * from the header, and the parser that turns one file into valid bars and rejects.
 */
package io.stockpipe.ingest.csv;
