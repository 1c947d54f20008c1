package io.stockpipe.ingest.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of one response, kept only up to a limit, and abandonable: the source gives up on a body
 * that runs past its deadline, and a body past the limit stops the read instead of filling memory.
 * It also tells whether the headers came, so a timeout can say whether the server never answered or
 * answered too slowly. One instance per exchange; its flags are read from the thread that waits for
 * the exchange while the client's threads fill it.
 */
final class BoundedBody implements HttpResponse.BodyHandler<byte[]> {
  private final long maxBytes;
  private volatile boolean headersArrived;
  private volatile boolean overLimit;
  private volatile Flow.Subscription subscription;

  BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  boolean headersArrived() {
    return headersArrived;
  }

  boolean overLimit() {
    return overLimit;
  }

  /** Stops reading; the client closes the connection rather than drain an unwanted body. */
  void abandon() {
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo responseInfo) {
    headersArrived = true;
    return new Subscriber();
  }

  private final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    // Reactive-streams signals arrive one at a time, so this needs no lock.
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
      subscription = newSubscription;
      newSubscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (body.isDone()) {
        return; // abandoned; what is still in flight is dropped
      }
      for (ByteBuffer buffer : buffers) {
        if (received.size() + (long) buffer.remaining() > maxBytes) {
          overLimit = true;
          abandon();
          body.completeExceptionally(new IOException("body over " + maxBytes + " bytes"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        received.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      body.complete(received.toByteArray());
    }
  }
}
