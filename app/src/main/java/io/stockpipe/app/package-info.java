/**
 * The {@code stockpipe} command line: one picocli command per capability, each a thin shell that
 * reads its flags and calls the one service method the scheduler calls too.
 */
package io.stockpipe.app;
