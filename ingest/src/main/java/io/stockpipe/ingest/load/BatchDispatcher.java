package io.stockpipe.ingest.load;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hands the producer's batches to several loader connections while keeping file order where it
 * matters: a batch waits for every earlier batch that shares a symbol with it to commit, so the
 * later file still wins. Batches of disjoint symbols (the common case: one file per ticker) load in
 * parallel.
 */
public final class BatchDispatcher {
  /** A batch, its place in file order, and the earlier batches it must wait for. */
  public record Dispatched(long sequence, LoadBatch batch, Set<Long> waitFor) {}

  private final BatchProducer producer;
  private final Object takeLock = new Object();
  private final Map<String, Long> lastBatchOfSymbol = new HashMap<>();
  private final Set<Long> unfinished = new HashSet<>();
  private long nextSequence;
  private boolean ended;
  private boolean aborted;

  public BatchDispatcher(BatchProducer producer) {
    this.producer = producer;
  }

  /** The next batch in file order, or null when there is none (or the load was aborted). */
  public Dispatched next() throws InterruptedException {
    synchronized (takeLock) {
      synchronized (this) {
        if (ended || aborted) {
          return null;
        }
      }
      BatchProducer.Item item = producer.next();
      synchronized (this) {
        if (item.isEnd()) {
          ended = true;
          return null;
        }
        if (item.failure() != null) {
          throw item.failure();
        }
        long sequence = nextSequence++;
        Set<Long> waitFor = new HashSet<>();
        for (String symbol : item.batch().symbolDates().keySet()) {
          Long earlier = lastBatchOfSymbol.put(symbol, sequence);
          if (earlier != null && unfinished.contains(earlier)) {
            waitFor.add(earlier);
          }
        }
        unfinished.add(sequence);
        return new Dispatched(sequence, item.batch(), waitFor);
      }
    }
  }

  /** Blocks until the given batches have committed; false if the load was aborted meanwhile. */
  public synchronized boolean awaitCommitted(Set<Long> sequences) throws InterruptedException {
    while (!aborted && sequences.stream().anyMatch(unfinished::contains)) {
      wait();
    }
    return !aborted;
  }

  public synchronized void committed(long sequence) {
    unfinished.remove(sequence);
    notifyAll();
  }

  /** Stops handing out batches and wakes every waiting loader. */
  public synchronized void abort() {
    aborted = true;
    notifyAll();
  }
}
