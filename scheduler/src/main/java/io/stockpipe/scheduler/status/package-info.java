/** What operators read of the batch backbone: nodes, the nightly's next fire, chains, failures. */
package io.stockpipe.scheduler.status;
