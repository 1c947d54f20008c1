/** Progress of long work on the terminal: done/total, rate, ETA. Logs are for operators. */
package io.stockpipe.progress;
