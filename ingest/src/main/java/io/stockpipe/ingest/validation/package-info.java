/**
 * What a valid daily bar is: the rules, the typed bar that enforces them, and strict parsing of the
 * text fields a source delivers.
 */
package io.stockpipe.ingest.validation;
